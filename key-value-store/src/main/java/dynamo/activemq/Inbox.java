package dynamo.activemq;

import dynamo.core.message.Message;
import dynamo.core.transport.MessageHandler;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's incoming queue, consumed in-JVM from its own broker by a few sessions, each with
 * its own dispatch thread, so that a slow handler does not hold up the others.
 */
final class Inbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);
    /** Small, so a message waits in the broker for whichever consumer frees first. */
    private static final int PREFETCH = 1;

    private final Connection connection;
    private final MessageCodec codec;
    private final MessageHandler handler;

    private Inbox(Connection connection, MessageCodec codec, MessageHandler handler) {
        this.connection = connection;
        this.codec = codec;
        this.handler = handler;
    }

    static Inbox open(String vmUrl, String queue, int consumers, MessageCodec codec, MessageHandler handler) {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(vmUrl);
        factory.setWatchTopicAdvisories(false);
        factory.getPrefetchPolicy().setQueuePrefetch(PREFETCH);
        // the broker passes each message to our session in the thread that received it (one hop less);
        // safe because sessions only queue it for their own thread, which runs the handler
        factory.setDispatchAsync(false);
        // one long-lived thread per consumer session: no thread start after an idle spell
        factory.setUseDedicatedTaskRunner(true);
        Connection connection = null;
        try {
            connection = factory.createConnection();
            Inbox inbox = new Inbox(connection, codec, handler);
            for (int i = 0; i < consumers; i++) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                session.createConsumer(session.createQueue(queue)).setMessageListener(inbox::onMessage);
            }
            connection.start();
            return inbox;
        } catch (JMSException e) {
            closeQuietly(connection);
            throw new IllegalStateException("cannot consume " + queue + " at " + vmUrl, e);
        }
    }

    /** Any failure is logged here: an exception escaping to ActiveMQ would trigger redelivery. */
    private void onMessage(jakarta.jms.Message jms) {
        Message message;
        try {
            message = codec.decode(jms.getStringProperty(MessageCodec.TYPE_PROPERTY), body(jms));
        } catch (JMSException | RuntimeException e) {
            LOG.warn("dropping an undecodable message: {}", e.toString());
            return;
        }
        try {
            handler.onMessage(message);
        } catch (Throwable e) {
            LOG.error("handler failed on {} {} from {}", codec.typeOf(message), message.requestId(), message.from(), e);
        }
    }

    private static byte[] body(jakarta.jms.Message jms) throws JMSException {
        if (!(jms instanceof BytesMessage bytes)) {
            throw new IllegalArgumentException("expected a BytesMessage, got " + jms.getClass().getSimpleName());
        }
        byte[] body = new byte[(int) bytes.getBodyLength()];
        bytes.readBytes(body);
        return body;
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (JMSException e) {
            LOG.debug("closing the inbox: {}", e.toString());
        }
    }
}
