package dynamo.activemq;

import java.net.URI;
import java.time.Duration;

/** The URLs of one node's broker: where it binds, how peers dial it, how the node reaches it in-JVM. */
final class BrokerAddress {
    /** Peers that stop reading (hung, not dead) are detected by the inactivity monitor within this time. */
    private static final int MAX_INACTIVITY_MILLIS = 10_000;

    private BrokerAddress() {
    }

    /**
     * The node id as ActiveMQ accepts it in broker and queue names (the broker itself would
     * replace these characters; doing it here keeps the vm:// URL and the queue name in step).
     */
    static String brokerName(String nodeId) {
        return nodeId.replaceAll("[^a-zA-Z0-9._\\-:]", "_");
    }

    static String queueOf(String nodeId) {
        return "dynamo." + brokerName(nodeId);
    }

    /** In-JVM connection to a node's already running broker; never creates one. */
    static String vm(String nodeId) {
        return "vm://" + brokerName(nodeId) + "?create=false";
    }

    /**
     * A peer's member URL with short timeouts, so a peer's sender thread never hangs for long:
     * connecting fails fast when the peer is down, the OpenWire handshake gives up on a peer that
     * accepts but does not answer (a stopped JVM), and a write blocked on a stalled peer is aborted.
     */
    static String client(String memberUrl, Duration connectTimeout) {
        long millis = connectTimeout.toMillis();
        // tcpNoDelay: a lone request or reply leaves at once instead of waiting for Nagle's algorithm
        // (the broker's connector sets it on its side too)
        return withOptions(memberUrl, "tcpNoDelay=true&connectionTimeout=" + millis
                + "&soWriteTimeout=" + Math.max(millis * 4, 1000)
                + "&wireFormat.maxInactivityDurationInitalDelay=" + handshakeTimeout(connectTimeout).toMillis()
                + "&wireFormat.maxInactivityDuration=" + MAX_INACTIVITY_MILLIS);
    }

    /** How long the OpenWire handshake (wire format, then connection info) may take after connecting. */
    static Duration handshakeTimeout(Duration connectTimeout) {
        return connectTimeout.multipliedBy(2);
    }

    /**
     * The broker's listening URL: scheme (tcp, or ssl for TLS), host and port from the member URL,
     * server-side socket options added.
     */
    static String connector(String memberUrl) {
        URI uri = URI.create(memberUrl);
        boolean known = "tcp".equals(uri.getScheme()) || "ssl".equals(uri.getScheme());
        if (!known || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("broker URL must look like tcp://host:port or ssl://host:port, got "
                    + memberUrl);
        }
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + "?transport.tcpNoDelay=true";
    }

    private static String withOptions(String url, String options) {
        return url + (url.contains("?") ? "&" : "?") + options;
    }
}
