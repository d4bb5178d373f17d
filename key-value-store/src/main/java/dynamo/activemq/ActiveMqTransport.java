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
 * The transport over embedded ActiveMQ brokers. Incoming: a few consumers on this node's queue,
 * read in-JVM from its own broker (which must be running, see {@link EmbeddedBroker}). Outgoing:
 * one {@link PeerLink} per destination that produces into the destination's broker. Messages to
 * self go through the local broker too, so they reach the handler on a consumer thread, never on
 * the caller's stack.
 *
 * <p>Order: the messages to one node leave in the order they were sent; with more than one
 * consumer thread the receiver may handle them concurrently.
 */
public final class ActiveMqTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveMqTransport.class);

    private final String nodeId;
    private final Membership membership;
    private final TransportTuning tuning;
    private final MessageCodec codec = new MessageCodec();
    private final ConcurrentMap<String, PeerLink> links = new ConcurrentHashMap<>();
    private final AtomicLong unroutable = new AtomicLong();
    private volatile boolean closed;
    private volatile Consumer<String> unreachableListener = node -> { };
    private Inbox inbox;

    public ActiveMqTransport(String nodeId, Membership membership, TransportTuning tuning) {
        this.nodeId = nodeId;
        this.membership = membership;
        this.tuning = tuning;
    }

    @Override
    public synchronized void start(MessageHandler handler) {
        if (closed || inbox != null) {
            throw new IllegalStateException("transport of " + nodeId + " already started or closed");
        }
        inbox = Inbox.open(BrokerAddress.vm(nodeId), BrokerAddress.queueOf(nodeId),
                tuning.consumerThreads(), codec, handler);
    }

    @Override
    public void send(String toNode, Message message) {
        if (closed) {
            return;
        }
        if (!toNode.equals(nodeId) && membership.member(toNode).isEmpty()) {
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

    private PeerLink linkTo(String peer) {
        Supplier<Optional<String>> url = peer.equals(nodeId)
                ? () -> Optional.of(BrokerAddress.vm(nodeId))
                : () -> membership.member(peer).map(Member::brokerUrl)
                        .map(u -> BrokerAddress.client(u, tuning.connectTimeout()));
        return new PeerLink(peer, url, codec, tuning, () -> unreachableListener.accept(peer));
    }

    /** Messages dropped so far (unknown node, peer down, queue full, link broken), for metrics. */
    public long droppedMessages() {
        return unroutable.get() + links.values().stream().mapToLong(PeerLink::dropped).sum();
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
        LOG.info("transport of {} closed", nodeId);
    }
}
