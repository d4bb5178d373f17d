package dynamo.activemq;

import dynamo.core.message.Message;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.activemq.ActiveMQConnection;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.command.ActiveMQBytesMessage;
import org.apache.activemq.transport.vm.VMTransport;
import org.apache.activemq.util.ByteSequence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's incoming topic, consumed in-JVM from its own broker by one consumer whose only work
 * is to decode each frame and hand its messages on (to the {@link HandlerPool}). This runs on the
 * broker thread that read the frame from the peer's socket: no thread hop between socket and
 * decoder. Settings follow
 * ActiveMQ's performance-tuning advice for a fast consumer of non-persistent messages.
 */
final class Inbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);
    /**
     * Frames the broker may push before hearing an ack (ActiveMQ's default for queues; its topic default,
     * 32,766, would let a paused node's broker hold far more). The only
     * consumer never waits on a handler, so there is no slower consumer a large prefetch could
     * starve; the broker streams frames instead of one per ack round trip.
     */
    private static final int PREFETCH = 1000;

    private final Connection connection;
    private final MessageCodec codec;
    private final Consumer<Message> sink;
    private final AtomicLong undecodable = new AtomicLong();

    private Inbox(Connection connection, MessageCodec codec, Consumer<Message> sink) {
        this.connection = connection;
        this.codec = codec;
        this.sink = sink;
    }

    /** {@code factory}: to this node's own broker over vm://, with the node's credentials. */
    static Inbox open(ActiveMQConnectionFactory factory, String topic, MessageCodec codec, Consumer<Message> sink) {
        String vmUrl = factory.getBrokerURL();
        factory.setWatchTopicAdvisories(false);
        factory.getPrefetchPolicy().setTopicPrefetch(PREFETCH);
        // the broker hands each frame to our connection in the thread that received it (no broker-side
        // queue and thread hop): right for a consumer that never blocks
        factory.setDispatchAsync(false);
        // one session, DUPS_OK: the session passes frames straight to the listener instead of through
        // a session thread of its own ("straight through session consumption")
        factory.setAlwaysSessionAsync(false);
        // no per-message duplicate audit: a duplicate (only after a broker failover we do not use) is
        // harmless to the protocol, and its bookkeeping costs every message
        factory.setCheckForDuplicates(false);
        // FIFO dispatch channel, not the priority one: all our messages have the same priority
        factory.setMessagePrioritySupported(false);
        Connection connection = null;
        try {
            connection = factory.createConnection();
            dispatchOnTheBrokersThread((ActiveMQConnection) connection);
            Inbox inbox = new Inbox(connection, codec, sink);
            // DUPS_OK: acks go back in batches (lazily, about every half prefetch), not one per message;
            // messages are non-persistent and loss is allowed, so nothing needs a precise ack
            Session session = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            session.createConsumer(session.createTopic(topic)).setMessageListener(inbox::onFrame);
            connection.start();
            return inbox;
        } catch (JMSException e) {
            closeQuietly(connection);
            throw new IllegalStateException("cannot consume " + topic + " at " + vmUrl, e);
        }
    }

    /**
     * The broker hands each frame to our consumer on the thread that read it from the peer's
     * socket, instead of queueing it for a vm-transport thread that must be woken per frame. Only
     * this direction: the consumer's acks still go to the broker through its queue, since acking
     * synchronously too would take the broker's subscription lock while holding the consumer's,
     * the reverse of the dispatch order (a deadlock ActiveMQ's URL option {@code async=false},
     * which sets both ways, runs into as soon as frames arrive while the consumer starts).
     */
    private static void dispatchOnTheBrokersThread(ActiveMQConnection connection) {
        VMTransport ours = connection.getTransport().narrow(VMTransport.class);
        if (ours == null) {
            throw new IllegalStateException("the inbox needs a vm:// connection to its own broker");
        }
        ours.setAsync(false); // read by the broker's side when it sends to us
    }

    /** Any failure is logged here: an exception escaping to ActiveMQ would trigger redelivery. */
    private void onFrame(jakarta.jms.Message jms) {
        try {
            if (jms instanceof ActiveMQBytesMessage amq && !amq.isCompressed() && amq.getContent() != null) {
                ByteSequence body = amq.getContent(); // the received bytes themselves, no copy
                codec.decodeFrame(body.getData(), body.getOffset(), body.getLength(), sink, this::undecodable);
            } else if (jms instanceof BytesMessage bytes) {
                byte[] body = new byte[(int) bytes.getBodyLength()];
                bytes.readBytes(body);
                codec.decodeFrame(body, 0, body.length, sink, this::undecodable);
            } else {
                undecodable(new IllegalArgumentException("expected a BytesMessage, got " + jms.getClass().getSimpleName()));
            }
        } catch (JMSException | RuntimeException e) {
            undecodable(e);
        }
    }

    /** Logged at powers of two only: a peer on another build would otherwise flood the log. */
    private void undecodable(Exception e) {
        long n = undecodable.incrementAndGet();
        if (Long.bitCount(n) == 1) {
            LOG.warn("dropping an undecodable frame or message ({} so far): {}", n, e.toString());
        }
    }

    long undecodableCount() {
        return undecodable.get();
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
