package dynamo.activemq;

import dynamo.core.membership.Member;
import dynamo.core.membership.Membership;
import dynamo.core.message.Message;
import dynamo.core.transport.MessageHandler;
import dynamo.core.transport.Transport;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport over embedded ActiveMQ brokers. Incoming: one consumer on this node's inbox topic, read
 * in-JVM from its own broker (which must be running, see {@link EmbeddedBroker}), decodes frames
 * and hands their messages to the {@link HandlerPool}. Outgoing: one {@link PeerLink} per peer
 * that batches into frames and produces into the peer's broker, from the caller's thread when that
 * cannot block. Messages to self skip broker and
 * codec: they go to the handler pool as they are, so they still never run on the caller's stack
 * (callers hold locks).
 *
 * <p>Order: the messages to one node leave in the order they were sent; with more than one
 * handler thread the receiver may handle them concurrently.
 */
public final class ActiveMqTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveMqTransport.class);

    private final String nodeId;
    private final Membership membership;
    private final TransportTuning tuning;
    private final BrokerSecurity security;
    private final MessageCodec codec = new MessageCodec();
    private final ConcurrentMap<String, PeerLink> links = new ConcurrentHashMap<>();
    private final AtomicLong unroutable = new AtomicLong();
    private volatile boolean closed;
    private volatile Consumer<String> unreachableListener = node -> { };
    private volatile Consumer<String> arrivalListener = node -> { };
    private volatile HandlerPool handlers;
    private volatile Inbox inbox;

    public ActiveMqTransport(String nodeId, Membership membership, TransportTuning tuning) {
        this(nodeId, membership, tuning, BrokerSecurity.none());
    }

    /** A transport whose connections (to this node's broker and to peers') present {@code security}'s credentials. */
    public ActiveMqTransport(String nodeId, Membership membership, TransportTuning tuning, BrokerSecurity security) {
        this.nodeId = nodeId;
        this.membership = membership;
        this.tuning = tuning;
        this.security = security;
    }

    @Override
    public synchronized void start(MessageHandler handler) {
        if (closed || inbox != null) {
            throw new IllegalStateException("transport of " + nodeId + " already started or closed");
        }
        HandlerPool pool = new HandlerPool(nodeId, handler, tuning.handlerThreads(), tuning.handlerQueueCapacity());
        try {
            inbox = Inbox.open(security.connectionFactory(BrokerAddress.vm(nodeId)), BrokerAddress.inboxOf(nodeId), codec, message -> {
                heardFrom(message.from(), Message.isAnswer(message));
                arrivalListener.accept(message.from());
                pool.submit(message);
            });
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        handlers = pool;
    }

    @Override
    public void send(String toNode, Message message) {
        if (closed) {
            return;
        }
        if (toNode.equals(nodeId)) {
            HandlerPool pool = handlers;
            if (pool == null) {
                unroutable.incrementAndGet(); // not started: nobody to hand it to
            } else {
                pool.submit(message);
            }
            return;
        }
        if (membership.member(toNode).isEmpty()) {
            LOG.debug("dropping a message to {}: not a member", toNode);
            unroutable.incrementAndGet();
            return;
        }
        PeerLink link = links.computeIfAbsent(toNode, this::linkTo);
        link.send(message);
        if (closed) {
            link.close(); // lost a race with close(), which may not have seen this link
        }
    }

    @Override
    public void onUnreachable(Consumer<String> listener) {
        this.unreachableListener = listener;
    }

    /** Called on the consumer's thread for each message, before it is handed to the handler pool. */
    @Override
    public void onArrival(Consumer<String> listener) {
        this.arrivalListener = listener;
    }

    /**
     * Tells the peer's link that something arrived from it, and whether it was an answer. A peer that
     * answered us reads what we send: its link may write from callers' threads again. Its requests
     * prove nothing of the kind: cut off one way, it still sends them while our writes to it vanish,
     * and a caller's thread that kept writing would block on the full socket up to the write timeout
     * (seen in NemesisClusterIT: four puts through a healthy node hung 3.3 s, until the write timeout
     * broke its link to the cut-off peer). They do tell the link that the peer is there, so that a
     * link none of whose requests are answered meanwhile redials (see {@link PeerLink}).
     */
    private void heardFrom(String peer, boolean answer) {
        PeerLink link = links.get(peer);
        if (link != null) {
            link.arrived();
            if (answer) {
                link.heardFrom();
            }
        }
    }

    private PeerLink linkTo(String peer) {
        Supplier<Optional<String>> url = () -> membership.member(peer).map(Member::brokerUrl)
                .map(u -> BrokerAddress.client(u, tuning.connectTimeout(),
                        membership.member(nodeId).map(Member::brokerUrl).orElse(null)));
        return new PeerLink(peer, url, security::connectionFactory, codec, tuning, () -> unreachableListener.accept(peer));
    }

    /**
     * Messages dropped so far (unknown node, peer down, queue full, link broken, handler queue full,
     * undecodable), for metrics.
     */
    public long droppedMessages() {
        HandlerPool pool = handlers;
        Inbox started = inbox;
        return unroutable.get() + links.values().stream().mapToLong(PeerLink::dropped).sum()
                + (pool == null ? 0 : pool.dropped()) + (started == null ? 0 : started.undecodableCount());
    }

    /** JMS messages sent to peers so far; fewer than the messages when they left in batches. */
    long framesSent() {
        return links.values().stream().mapToLong(PeerLink::frames).sum();
    }

    /** Of {@link #framesSent()}, those the sending caller's own thread wrote (no sender thread woken). */
    long framesSentInline() {
        return links.values().stream().mapToLong(PeerLink::inlineFrames).sum();
    }

    @Override
    public void close() {
        Inbox started;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            started = inbox;
        }
        links.values().forEach(PeerLink::close);
        if (started != null) {
            started.close();
        }
        HandlerPool pool = handlers;
        if (pool != null) {
            pool.close();
        }
        LOG.info("transport of {} closed", nodeId);
    }
}
