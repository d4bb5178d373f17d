package dynamo.activemq;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/** The URLs of one node's broker: where it binds, how peers dial it, how the node reaches it in-JVM. */
final class BrokerAddress {
    /**
     * Peers that stop reading (hung, not dead) are detected by the inactivity monitor within this
     * time (both ends send a keep-alive after a third of it without traffic). It also ends a
     * connection that a network partition stalls: TCP backs off its retransmissions meanwhile (after
     * a 7 s cut the next one is 6 s away), so a connection kept across the cut would stay silent for
     * seconds after the heal, where a new one works at once. Long enough for a collection or a
     * scheduling hiccup of a node on a loaded machine.
     */
    private static final int MAX_INACTIVITY_MILLIS = 3_000;
    private static final Pattern LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private BrokerAddress() {
    }

    /**
     * The node id as ActiveMQ accepts it in broker and destination names (the broker itself would
     * replace these characters; doing it here keeps the vm:// URL and the inbox name in step).
     */
    static String brokerName(String nodeId) {
        return nodeId.replaceAll("[^a-zA-Z0-9._\\-:]", "_");
    }

    /** The topic a node's inbox consumes and its peers send to. */
    static String inboxOf(String nodeId) {
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

    /**
     * {@link #client} dialing from this node's own broker address when that is a loopback address
     * other than 127.0.0.1 (the local cluster's node i on 127.0.0.i): the kernel would otherwise pick
     * 127.0.0.1 as the source of every loopback connection, and peers (and the tests' network
     * faults, which cut one node's address) could not tell the nodes apart. ActiveMQ takes the local
     * address as the URL's path; port 0 lets the kernel choose the port. On a real network the route
     * picks the right source, so other addresses are left alone.
     */
    static String client(String memberUrl, Duration connectTimeout, String ownUrl) {
        URI own = ownUrl == null ? null : URI.create(ownUrl);
        URI peer = URI.create(memberUrl);
        boolean bind = own != null && own.getHost() != null && LOOPBACK.matcher(own.getHost()).matches()
                && !"127.0.0.1".equals(own.getHost()) && (peer.getPath() == null || peer.getPath().isEmpty())
                && peer.getQuery() == null;
        return client(bind ? memberUrl + "/" + own.getHost() + ":0" : memberUrl, connectTimeout);
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
