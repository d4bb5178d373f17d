package dynamo.activemq;

import java.net.URI;
import java.time.Duration;

/** The URLs of one node's broker: where it binds, how peers dial it, how the node reaches it in-JVM. */
final class BrokerAddress {
    /** Peers that stop reading (hung, not dead) are detected by the inactivity monitor within this time. */
    private static final int MAX_INACTIVITY_MILLIS = 10_000;

    private BrokerAddress() {
    }

    static String queueOf(String nodeId) {
        return "dynamo." + nodeId;
    }

    /** In-JVM connection to an already running broker; never creates one. */
    static String vm(String brokerName) {
        return "vm://" + brokerName + "?create=false";
    }

    /**
     * A peer's member URL with short timeouts: connect fails fast when the peer is down and a write
     * blocked on a stalled peer is aborted, so a peer's sender thread cannot hang for long.
     */
    static String client(String memberUrl, Duration connectTimeout) {
        long millis = connectTimeout.toMillis();
        return withOptions(memberUrl, "connectionTimeout=" + millis
                + "&soWriteTimeout=" + Math.max(millis * 4, 1000)
                + "&wireFormat.maxInactivityDuration=" + MAX_INACTIVITY_MILLIS);
    }

    /** The broker's listening URL: host and port from the member URL, server-side socket options added. */
    static String connector(String memberUrl) {
        URI uri = URI.create(memberUrl);
        if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("broker URL must look like tcp://host:port, got " + memberUrl);
        }
        return "tcp://" + uri.getHost() + ":" + uri.getPort() + "?transport.tcpNoDelay=true";
    }

    private static String withOptions(String url, String options) {
        return url + (url.contains("?") ? "&" : "?") + options;
    }
}
