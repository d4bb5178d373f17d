package dynamo.activemq;

import dynamo.core.message.Message;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.activemq.ActiveMQConnection;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.command.ActiveMQBytesMessage;
import org.apache.activemq.util.ByteSequence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound path to one node: a bounded queue and one thread that owns a long-lived
 * connection, session and producer to that node's broker. Callers only enqueue. The thread sends
 * whatever has piled up (up to the batch bounds) as one frame in one JMS message, and a lone
 * message at once: batches form only when messages arrive faster than frames leave. A failed
 * connect or send drops the messages in hand and marks the link broken; the next message after the
 * backoff reconnects.
 */
final class PeerLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);
    /** Small: a peer back from a pause must be reachable again within a fraction of a request deadline. */
    private static final int MAX_BACKOFF_FACTOR = 2;

    private final String peerId;
    private final Supplier<Optional<String>> brokerUrl;
    private final TransportTuning tuning;
    private final BlockingQueue<Message> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private final Runnable onUnreachable;
    private final Thread sender;
    private volatile boolean closed;

    // Owned by the sender thread (and by close() once it has stopped).
    private final MessageCodec.FrameBuilder frame;
    private ActiveMQConnection connection;
    private Session session;
    private MessageProducer producer;
    private boolean reachable = true;
    private long nextConnectNanos;
    private long backoffNanos;

    PeerLink(String peerId, Supplier<Optional<String>> brokerUrl, MessageCodec codec, TransportTuning tuning,
            Runnable onUnreachable) {
        this.peerId = peerId;
        this.brokerUrl = brokerUrl;
        this.tuning = tuning;
        this.onUnreachable = onUnreachable;
        this.queue = new LinkedBlockingQueue<>(tuning.peerQueueCapacity()); // two locks: senders do not contend with the drain
        this.frame = codec.new FrameBuilder();
        this.backoffNanos = tuning.reconnectDelay().toNanos();
        this.sender = new Thread(this::run, "dynamo-send-" + peerId);
        sender.setDaemon(true);
        sender.start();
    }

    /** Never blocks: a full queue or a closed link drops the message. */
    void send(Message message) {
        if (closed || !queue.offer(message)) {
            dropped.incrementAndGet();
        }
    }

    long dropped() {
        return dropped.get();
    }

    /** JMS messages sent so far (each a frame of one or more messages). */
    long frames() {
        return frames.get();
    }

    private void run() {
        while (!closed) {
            Message first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                return; // closing
            }
            if (!connected() && !connect()) {
                dropped.incrementAndGet();
                onUnreachable.run();
                continue;
            }
            sendFrame(first);
        }
    }

    /** {@code first} and whatever else is queued now, within the batch bounds, as one JMS message. */
    private void sendFrame(Message first) {
        frame.reset();
        Message next = first;
        do {
            try {
                frame.add(next);
            } catch (RuntimeException e) {
                LOG.error("dropping a {} to {}: cannot encode it", next.getClass().getSimpleName(), peerId, e);
                dropped.incrementAndGet();
            }
        } while (frame.count() < tuning.batchMessages() && frame.bytes() < tuning.batchBytes()
                && (next = queue.poll()) != null);
        if (frame.count() == 0) {
            return;
        }
        try {
            ActiveMQBytesMessage jms = (ActiveMQBytesMessage) session.createBytesMessage();
            jms.setContent(new ByteSequence(frame.toByteArray())); // the body as it is: no stream, no copy in send
            producer.send(jms);
            frames.incrementAndGet();
        } catch (JMSException | RuntimeException e) {
            LOG.info("link to {} broke: {}", peerId, e.toString());
            dropped.addAndGet(frame.count());
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
        // JMS wants send() to copy the message; ours is built for this one send and never touched again
        factory.setCopyMessageOnSend(false);
        // fire and forget, no receipt per message (non-persistent sends are async anyway; this makes it explicit)
        factory.setUseAsyncSend(true);
        int handshakeMillis = (int) BrokerAddress.handshakeTimeout(tuning.connectTimeout()).toMillis();
        factory.setConnectResponseTimeout(handshakeMillis);
        factory.setCloseTimeout(handshakeMillis);
        connection = (ActiveMQConnection) factory.createConnection();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        producer = session.createProducer(session.createQueue(BrokerAddress.queueOf(peerId)));
        // nothing on disk and no broker receipt: a lost message is a missed deadline, as the port allows
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

    /** Drops what is queued, lets the frame in flight finish briefly, then closes the connection. */
    @Override
    public void close() {
        closed = true;
        sender.interrupt();
        try {
            sender.join(BrokerAddress.handshakeTimeout(tuning.connectTimeout()).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.clear();
        disconnect();
    }
}
