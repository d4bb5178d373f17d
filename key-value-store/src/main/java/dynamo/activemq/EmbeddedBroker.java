package dynamo.activemq;

import java.net.BindException;
import java.net.URI;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.broker.region.policy.VMPendingQueueMessageStoragePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's own in-memory ActiveMQ broker: peers produce into its queue over tcp, the node
 * consumes over vm://. Nothing is persisted; messages are short-lived replication traffic.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** How often queues drop expired messages nobody consumed (their TTL is a few seconds). */
    private static final long EXPIRY_SCAN_MILLIS = 1_000;

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
     * Queues never block producers (flow control would stall a peer's connection), dispatch in the
     * producer's thread instead of a queue thread (one context switch less), and keep pending
     * messages in memory (no temp store on disk).
     */
    private static PolicyMap lowLatencyPolicy() {
        PolicyEntry queues = new PolicyEntry();
        queues.setQueue(">");
        queues.setProducerFlowControl(false);
        queues.setOptimizedDispatch(true);
        queues.setPendingQueuePolicy(new VMPendingQueueMessageStoragePolicy());
        queues.setExpireMessagesPeriod(EXPIRY_SCAN_MILLIS);
        PolicyMap policy = new PolicyMap();
        policy.setDefaultEntry(queues);
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
