package dynamo.activemq;

import dynamo.core.message.Message;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.activemq.ActiveMQConnection;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound path to one node: a bounded queue and one thread that owns a long-lived
 * connection, session and producer to that node's broker. Callers only enqueue; the thread
 * encodes and produces in order. A failed connect or send drops the message and marks the
 * link broken; the next message after the backoff reconnects.
 */
final class PeerLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);
    private static final int MAX_BACKOFF_FACTOR = 5;

    private final String peerId;
    private final Supplier<Optional<String>> brokerUrl;
    private final MessageCodec codec;
    private final TransportTuning tuning;
    private final ThreadPoolExecutor worker;
    private final AtomicLong dropped = new AtomicLong();
    private final Runnable onUnreachable;

    // Owned by the worker thread (and by close() once the worker has stopped).
    private ActiveMQConnection connection;
    private Session session;
    private MessageProducer producer;
    private boolean reachable = true;
    private long nextConnectNanos;
    private long backoffNanos;

    PeerLink(String peerId, Supplier<Optional<String>> brokerUrl, MessageCodec codec, TransportTuning tuning,
            Runnable onUnreachable) {
        this.onUnreachable = onUnreachable;
        this.peerId = peerId;
        this.brokerUrl = brokerUrl;
        this.codec = codec;
        this.tuning = tuning;
        this.backoffNanos = tuning.reconnectDelay().toNanos();
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(tuning.peerQueueCapacity()),
                runnable -> daemon(runnable, "dynamo-send-" + peerId),
                (task, executor) -> dropped.incrementAndGet());
    }

    /** Never blocks: a full queue or a closed link drops the message. */
    void send(Message message) {
        worker.execute(() -> deliver(message));
    }

    long dropped() {
        return dropped.get();
    }

    private void deliver(Message message) {
        if (!connected() && !connect()) {
            dropped.incrementAndGet();
            onUnreachable.run();
            return;
        }
        byte[] body;
        try {
            body = codec.encode(message);
        } catch (RuntimeException e) {
            LOG.error("dropping a {} to {}: cannot encode it", codec.typeOf(message), peerId, e);
            dropped.incrementAndGet();
            return;
        }
        try {
            BytesMessage jms = session.createBytesMessage();
            jms.writeBytes(body);
            jms.setStringProperty(MessageCodec.TYPE_PROPERTY, codec.typeOf(message));
            jms.setJMSCorrelationID(Long.toString(message.requestId()));
            producer.send(jms);
        } catch (JMSException | RuntimeException e) {
            LOG.info("link to {} broke: {}", peerId, e.toString());
            dropped.incrementAndGet();
            disconnect();
            nextConnectNanos = System.nanoTime() + backoffNanos;
            onUnreachable.run();
        }
    }

    /** A peer's broker that stopped or died closes the socket; ActiveMQ then marks the transport failed. */
    private boolean connected() {
        return connection != null && !connection.isTransportFailed() && !connection.isClosed();
    }

    private boolean connect() {
        disconnect();
        long now = System.nanoTime();
        if (now - nextConnectNanos < 0) {
            return false;
        }
        Optional<String> url = brokerUrl.get();
        if (url.isEmpty()) {
            LOG.warn("no broker URL for {}: dropping", peerId);
            return false;
        }
        try {
            open(url.get());
            backoffNanos = tuning.reconnectDelay().toNanos();
            reachable = true;
            LOG.info("connected to {} at {}", peerId, url.get());
            return true;
        } catch (JMSException | RuntimeException e) {
            if (reachable) {
                LOG.warn("{} unreachable at {}: {}", peerId, url.get(), e.toString());
            }
            reachable = false;
            disconnect();
            nextConnectNanos = System.nanoTime() + backoffNanos;
            backoffNanos = Math.min(backoffNanos * 2, tuning.reconnectDelay().toNanos() * MAX_BACKOFF_FACTOR);
            return false;
        }
    }

    private void open(String url) throws JMSException {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        factory.setWatchTopicAdvisories(false);
        factory.setCopyMessageOnSend(false);
        factory.setUseAsyncSend(true);
        int handshakeMillis = (int) BrokerAddress.handshakeTimeout(tuning.connectTimeout()).toMillis();
        factory.setConnectResponseTimeout(handshakeMillis);
        factory.setCloseTimeout(handshakeMillis);
        connection = (ActiveMQConnection) factory.createConnection();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        producer = session.createProducer(session.createQueue(BrokerAddress.queueOf(peerId)));
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        producer.setTimeToLive(tuning.timeToLive().toMillis());
    }

    private void disconnect() {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException | RuntimeException e) {
                LOG.debug("closing link to {}: {}", peerId, e.toString());
            }
        }
        connection = null;
        session = null;
        producer = null;
    }

    /** Drops what is queued, lets the message in flight finish briefly, then closes the connection. */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(BrokerAddress.handshakeTimeout(tuning.connectTimeout()).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        disconnect();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
