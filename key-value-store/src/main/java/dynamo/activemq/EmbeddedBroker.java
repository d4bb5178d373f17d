package dynamo.activemq;

import java.net.BindException;
import java.net.URI;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.policy.ConstantPendingMessageLimitStrategy;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's own in-memory ActiveMQ broker: peers produce into its inbox topic over tcp, the node
 * consumes over vm://. Nothing is persisted; messages are short-lived replication traffic.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** How often expired frames nobody consumed are dropped (their TTL is a few seconds). */
    private static final long EXPIRY_SCAN_MILLIS = 1_000;
    /** Frames a subscriber may have waiting beyond its prefetch before the oldest are dropped. */
    private static final int MAX_PENDING_FRAMES = 10_000;

    private final BrokerService broker;

    private EmbeddedBroker(BrokerService broker) {
        this.broker = broker;
    }

    /** Starts a broker named {@code nodeId} listening where {@code tcpUrl} says (e.g. tcp://127.0.0.1:18201). */
    public static EmbeddedBroker start(String nodeId, String tcpUrl) {
        return start(nodeId, tcpUrl, BrokerSecurity.none());
    }

    /** As above, accepting only the connections {@code security} lets in. */
    public static EmbeddedBroker start(String nodeId, String tcpUrl, BrokerSecurity security) {
        String connector = BrokerAddress.connector(tcpUrl);
        connector += security.connectorOptions(java.net.URI.create(connector).getScheme());
        BrokerService broker = new BrokerService();
        try {
            broker.setBrokerName(BrokerAddress.brokerName(nodeId));
            broker.setPersistent(false);
            broker.setUseJmx(false);
            broker.setUseShutdownHook(false);
            broker.setAdvisorySupport(false);
            broker.setSchedulerSupport(false);
            broker.setEnableStatistics(false);
            broker.setDestinationPolicy(lowLatencyPolicy());
            security.configure(broker);
            broker.addConnector(connector);
            broker.start();
            broker.waitUntilStarted();
            return new EmbeddedBroker(broker);
        } catch (Exception e) {
            stopQuietly(broker);
            throw new IllegalStateException(startFailure(nodeId, tcpUrl, e), e);
        }
    }

    /** A port it cannot listen on (another process holds it, say) said plainly; any other failure with its cause. */
    private static String startFailure(String nodeId, String tcpUrl, Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                URI uri = URI.create(tcpUrl);
                String port = uri.getHost() + ":" + uri.getPort();
                return String.valueOf(bind.getMessage()).contains("in use")
                        ? "broker port " + port + " is already in use"
                        : "broker cannot listen on " + port + ": " + bind.getMessage();
            }
        }
        return "cannot start broker " + nodeId + " on " + tcpUrl + ": " + e;
    }

    /**
     * Each node's inbox is a non-durable topic with one subscriber: the broker hands a frame straight
     * to it, without a queue's per-message bookkeeping (paging in, pending cursors, tracking every
     * message until its ack), which cut the CPU of a round trip between two nodes by about 40 %
     * ({@code TransportPingPong}). A frame sent while the inbox is not subscribed (its node starting)
     * is dropped where a queue would keep it for its time to live: the protocol takes it as lost, as
     * it must anyway. Producers are never blocked (flow control would stall a peer's connection), and
     * a subscriber that falls {@link #MAX_PENDING_FRAMES} behind loses its oldest frames instead of
     * filling the heap.
     */
    private static PolicyMap lowLatencyPolicy() {
        PolicyEntry topics = new PolicyEntry();
        topics.setTopic(">");
        topics.setProducerFlowControl(false);
        ConstantPendingMessageLimitStrategy limit = new ConstantPendingMessageLimitStrategy();
        limit.setLimit(MAX_PENDING_FRAMES);
        topics.setPendingMessageLimitStrategy(limit);
        topics.setExpireMessagesPeriod(EXPIRY_SCAN_MILLIS);
        PolicyMap policy = new PolicyMap();
        policy.setDefaultEntry(topics);
        return policy;
    }

    public String name() {
        return broker.getBrokerName();
    }

    /** Health: true while the broker accepts connections. */
    public boolean isStarted() {
        return broker.isStarted();
    }

    @Override
    public void close() {
        stopQuietly(broker);
    }

    private static void stopQuietly(BrokerService broker) {
        try {
            broker.stop();
            broker.waitUntilStopped();
        } catch (Exception e) {
            LOG.warn("broker stop failed", e);
        }
    }
}
