package dynamo.activemq;

import dynamo.core.message.Message;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.activemq.ActiveMQConnection;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.command.ActiveMQBytesMessage;
import org.apache.activemq.util.ByteSequence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound path to one node: a bounded queue, a long-lived connection, session and producer to
 * that node's broker, and a sender thread of its own. A caller's message leaves from the caller's
 * own thread when the link is idle and healthy (no thread to wake: on a two-core host each wake-up
 * costs more CPU than the send); otherwise it waits in the queue for whoever holds the link, and
 * the sender thread takes over whatever may block: connecting, large frames, and a peer that has
 * not answered lately. Whatever has piled up leaves as one frame in one JMS message (up to the
 * batch bounds): batches form only when messages arrive faster than frames leave. A failed
 * connect or send drops the messages in hand and marks the link broken; the sender thread
 * reconnects after the backoff.
 */
final class PeerLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);
    /** Small: a peer back from a pause must be reachable again within a fraction of a request deadline. */
    private static final int MAX_BACKOFF_FACTOR = 2;
    /**
     * A caller's thread writes to the socket only while the peer has been sent less than this since
     * it was last heard from, and only frames this small: far below what the kernel's socket buffers
     * hold on their own (about 80 KB on loopback before any tuning), so such a write never blocks on
     * a peer that stopped reading (paused or hung). Beyond it the sender thread writes, and only it
     * can stall.
     */
    static final int INLINE_BYTES = 32 * 1024;
    /**
     * A frame left less than this ago: the link is busy, and the sender thread, once woken, takes
     * what piled up meanwhile as one frame (each frame costs the broker more CPU than a wake-up once
     * a few messages share it).
     */
    private static final long BUSY_GAP_NANOS = 50_000;
    /**
     * Requests unanswered this long from a peer we still hear: the link is cut one way, redial it. Long
     * enough for a peer working off a backlog (after a pause) to answer, short enough that a link
     * recovers well within the 3 s after a heal that the nemesis tests allow.
     */
    static final long ONE_WAY_AFTER_NANOS = 1_500_000_000L;
    /** "Still heard": something arrived from the peer within this. */
    private static final long HEARD_NANOS = 300_000_000L;
    /** The sender thread looks at the queue at least this often, whether woken or not. */
    private static final long IDLE_PARK_NANOS = 50_000_000;

    private final String peerId;
    private final Supplier<Optional<String>> brokerUrl;
    private final Function<String, ActiveMQConnectionFactory> factories;
    private final TransportTuning tuning;
    private final Queue<Message> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger(); // the bound on queue, which has no size() in O(1)
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong inlineFrames = new AtomicLong();
    private final Runnable onUnreachable;
    private final ReentrantLock sending = new ReentrantLock();
    private final Thread sender;
    private volatile boolean closed;
    /** Bytes sent since the peer last answered us (an answer resets this; its requests do not). */
    private final AtomicLong unheardBytes = new AtomicLong();
    /** Since when a request to the peer has gone unanswered (System.nanoTime); 0: none is. */
    private final AtomicLong unansweredSinceNanos = new AtomicLong();
    /** When anything last arrived from the peer (System.nanoTime). */
    private volatile long lastArrivalNanos = System.nanoTime();
    /** When the last frame left (System.nanoTime). */
    private volatile long lastFrameNanos = System.nanoTime() - BUSY_GAP_NANOS;

    // Guarded by {@code sending}.
    private final MessageCodec.FrameBuilder frame;
    private ActiveMQConnection connection;
    private Session session;
    private MessageProducer producer;
    private boolean reachable = true;
    private long nextConnectNanos;
    private long backoffNanos;

    PeerLink(String peerId, Supplier<Optional<String>> brokerUrl, Function<String, ActiveMQConnectionFactory> factories,
            MessageCodec codec, TransportTuning tuning, Runnable onUnreachable) {
        this.peerId = peerId;
        this.brokerUrl = brokerUrl;
        this.factories = factories;
        this.tuning = tuning;
        this.onUnreachable = onUnreachable;
        this.frame = codec.new FrameBuilder();
        this.backoffNanos = tuning.reconnectDelay().toNanos();
        this.sender = new Thread(this::run, "dynamo-send-" + peerId);
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * Never blocks for long: a full queue or a closed link drops the message; the caller's thread
     * sends it only when that cannot stall (see {@link #INLINE_BYTES}), else the sender thread does.
     */
    void send(Message message) {
        if (closed) {
            dropped.incrementAndGet();
            return;
        }
        if (queued.incrementAndGet() > tuning.peerQueueCapacity()) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.add(message);
        if (unansweredSinceNanos.get() == 0 && !Message.isAnswer(message)) { // read first: no CAS per send
            unansweredSinceNanos.compareAndSet(0, System.nanoTime());
        }
        if (System.nanoTime() - lastFrameNanos < BUSY_GAP_NANOS) {
            LockSupport.unpark(sender); // a busy link: let messages pile up into one frame on the sender thread
            return;
        }
        // Whoever holds the link looks at the queue again after letting go, so a message queued while
        // tryLock fails is never stranded.
        while (!queue.isEmpty() && sending.tryLock()) {
            boolean handOver;
            try {
                handOver = !drain(true);
            } finally {
                sending.unlock();
            }
            if (handOver) {
                LockSupport.unpark(sender);
                return;
            }
        }
    }

    /** The peer answered us: it reads what we send, so the caller's threads may write to it again. */
    void heardFrom() {
        if (unheardBytes.get() != 0) {
            unheardBytes.set(0);
        }
        if (unansweredSinceNanos.get() != 0) {
            unansweredSinceNanos.set(0);
        }
    }

    /**
     * Something (an answer or a request of its own) arrived from the peer. One back from silence (a
     * pause, a restart) gets the full {@link #ONE_WAY_AFTER_NANOS} from now to answer what we asked: it
     * was not there to hear it.
     */
    void arrived() {
        long now = System.nanoTime();
        if (now - lastArrivalNanos > HEARD_NANOS && unansweredSinceNanos.get() != 0) {
            unansweredSinceNanos.set(now);
        }
        lastArrivalNanos = now;
    }

    long dropped() {
        return dropped.get();
    }

    /** JMS messages sent so far (each a frame of one or more messages). */
    long frames() {
        return frames.get();
    }

    /** Of {@link #frames()}, those a caller's thread sent itself. */
    long inlineFrames() {
        return inlineFrames.get();
    }

    private void run() {
        while (!closed) {
            LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            // at least once per wake-up: a caller may have handed over the frame in hand with an empty queue
            do {
                sending.lock();
                try {
                    redialIfCutOneWay();
                    drain(false);
                } finally {
                    sending.unlock();
                }
            } while (!closed && !queue.isEmpty());
        }
    }

    /** Holds {@code sending}: drops a connected link whose peer we hear but which answers none of our requests. */
    private void redialIfCutOneWay() {
        long since = unansweredSinceNanos.get();
        long now = System.nanoTime();
        if (since == 0 || now - since < ONE_WAY_AFTER_NANOS || now - lastArrivalNanos > HEARD_NANOS || !connected()) {
            return;
        }
        LOG.info("link to {}: no answer for {} ms while it still talks to us (cut one way?): redialling", peerId,
                (now - since) / 1_000_000);
        unansweredSinceNanos.set(0); // the redialled link gets its own full time
        disconnect();
    }

    /**
     * Sends what is queued, frame by frame; holds {@code sending}. A caller's thread ({@code inline})
     * stops, returning false, where it might block; the sender thread also connects and sends large
     * frames. The frame in hand stays for the next holder.
     */
    private boolean drain(boolean inline) {
        while (true) {
            if (frame.count() == 0 && !fillFrame()) {
                return true;
            }
            if (!connected()) {
                if (inline) {
                    return false;
                }
                if (!connect()) {
                    dropFrame();
                    onUnreachable.run();
                    continue;
                }
            }
            if (inline && unheardBytes.get() + frame.bytes() > INLINE_BYTES) {
                return false;
            }
            sendFrame(inline);
        }
    }

    /** Moves queued messages into the empty frame, within the batch bounds; false if none was queued. */
    private boolean fillFrame() {
        Message next;
        while (frame.count() < tuning.batchMessages() && frame.bytes() < tuning.batchBytes()
                && (next = queue.poll()) != null) {
            queued.decrementAndGet();
            try {
                frame.add(next);
            } catch (RuntimeException e) {
                LOG.error("dropping a {} to {}: cannot encode it", next.getClass().getSimpleName(), peerId, e);
                dropped.incrementAndGet();
            }
        }
        return frame.count() > 0;
    }

    private void dropFrame() {
        dropped.addAndGet(frame.count());
        frame.reset();
    }

    private void sendFrame(boolean inline) {
        int bytes = frame.bytes();
        int messages = frame.count();
        try {
            ActiveMQBytesMessage jms = (ActiveMQBytesMessage) session.createBytesMessage();
            jms.setContent(new ByteSequence(frame.toByteArray())); // the body as it is: no stream, no copy in send
            frame.reset();
            producer.send(jms);
            lastFrameNanos = System.nanoTime();
            unheardBytes.addAndGet(bytes);
            frames.incrementAndGet();
            if (inline) {
                inlineFrames.incrementAndGet();
            }
        } catch (JMSException | RuntimeException e) {
            LOG.info("link to {} broke: {}", peerId, e.toString());
            dropped.addAndGet(messages); // the frame may already be reset: count what it held
            frame.reset();
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
            unansweredSinceNanos.set(0); // what the old connection asked is lost: the new one starts afresh
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
        ActiveMQConnectionFactory factory = factories.apply(url); // with this node's credentials
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
        producer = session.createProducer(session.createTopic(BrokerAddress.inboxOf(peerId)));
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
        long waitMillis = BrokerAddress.handshakeTimeout(tuning.connectTimeout()).toMillis();
        boolean locked = false;
        try {
            sender.join(waitMillis);
            locked = sending.tryLock(waitMillis, TimeUnit.MILLISECONDS); // a caller's send in flight
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            queue.clear();
            frame.reset();
            disconnect();
        } finally {
            if (locked) {
                sending.unlock();
            }
        }
    }
}
