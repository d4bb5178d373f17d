package dynamo.faults;

import dynamo.faults.NetworkFaults.Endpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A slow link between one node and its peers (delay ± jitter each way, as {@code tc netem delay}
 * would add), made in user space because this kernel has no netem: node-to-node (broker) traffic is
 * sent through a {@link DelayingRelay} per node by iptables NAT rules, and the relays hold back the
 * chunks of the connections that have the slow node at either end.
 *
 * <p>Node i is on 127.0.0.i and dials its peers from there, so a rule in the nat table's OUTPUT chain
 * ({@code -s 127.0.0.i -d 127.0.0.j --dport B_j -j REDIRECT --to-ports P_j}) sends node i's connection
 * to node j's broker to relay j, which listens on 127.0.0.1:P_j (where REDIRECT sends locally made
 * connections). REDIRECT loses the original destination (Java cannot read SO_ORIGINAL_DST), hence one
 * relay per destination. The relays dial from {@link #RELAY_SOURCE}, which no rule names as a source,
 * so their own connections go straight to the brokers. Client traffic (HTTP ports) never matches.
 *
 * <p>NAT rules only see a connection's first packet: the node-to-node connections open when the rules
 * come are not redirected, and the brokers' connections live as long as the nodes. So the relays sit
 * in every node-to-node path for the whole run, not only the faulty node's: {@link #install} adds the
 * rules for every pair and closes (ss -K) the direct connections open then, and the nodes redial
 * through the relays, once, before any fault. A fault then only switches the delay on for the
 * connections of its node ({@link #slow}) and the heal switches it off ({@link #heal}): live
 * connections slow down and speed up without a reset, as under netem. A fault that added rules and
 * reset its node's connections would add a connection reset to every slow link (what the kill, pause
 * and partition nemeses already test), and the slow link would no longer be only slow.
 *
 * <p>{@link #close} removes the rules and then closes the relayed connections: the nodes redial, now
 * straight to the brokers. Keeping them relayed until they close would keep the relay (its threads)
 * alive as long as the nodes, past the test that asked for it; one reconnect after the run is cheap
 * (the final reads retry). iptables is machine-wide: rules carry this instance's tag, only those are
 * deleted, and a JVM shutdown hook closes too, so a failed or interrupted test leaves none.
 */
public final class SlowLink implements AutoCloseable {
    /** The relays' own source address: no node's (and no private range), and named by no rule. */
    public static final String RELAY_SOURCE = "127.0.0.250";
    private static final String TABLE = "nat";
    private static final String CHAIN = "OUTPUT";

    private final Map<Integer, Endpoint> nodes;
    private final Map<String, Integer> byHost = new TreeMap<>();
    private final TaggedRules tagged;
    private final long delayNanos;
    private final long jitterNanos;
    private final Map<Integer, DelayingRelay> relays = new TreeMap<>();
    private final Thread closeOnExit = new Thread(this::closeQuietly, "slow-link-close");
    /** The slow node, 0 for none. */
    private volatile int slow;
    private volatile boolean closed;

    /**
     * {@code delay} ± {@code jitter} (uniform) each way on the slow node's links; {@code tag}: letters,
     * digits, '-' and '_' only, unique to this run (it marks the rules we may delete).
     */
    public SlowLink(Map<Integer, Endpoint> nodes, String tag, Duration delay, Duration jitter) {
        if (jitter.compareTo(delay) > 0 || jitter.isNegative()) {
            throw new IllegalArgumentException("jitter must be within 0 and the delay, got " + delay + " ± " + jitter);
        }
        this.tagged = new TaggedRules(TABLE, CHAIN, tag);
        this.nodes = new TreeMap<>(nodes);
        nodes.forEach((index, endpoint) -> byHost.put(endpoint.host(), index));
        if (byHost.containsKey(RELAY_SOURCE)) {
            throw new IllegalArgumentException("a node is on the relays' address " + RELAY_SOURCE);
        }
        this.delayNanos = delay.toNanos();
        this.jitterNanos = jitter.toNanos();
        Runtime.getRuntime().addShutdownHook(closeOnExit);
    }

    /** Whether iptables' nat table and {@code ss} can be used here (installed, and root). */
    public static boolean available() {
        try {
            return TaggedRules.available(TABLE, CHAIN) && TaggedRules.run(List.of("ss", "-V")).exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    public String tag() {
        return tagged.tag();
    }

    /**
     * Starts a relay per node, redirects every node-to-node connection through them (no delay yet)
     * and closes the direct connections open now, so that the nodes redial through the relays.
     */
    public void install() throws IOException {
        InetAddress source = InetAddress.getByName(RELAY_SOURCE);
        for (Map.Entry<Integer, Endpoint> node : nodes.entrySet()) {
            int to = node.getKey();
            InetSocketAddress broker = new InetSocketAddress(node.getValue().host(), node.getValue().brokerPort());
            relays.put(to, new DelayingRelay(new InetSocketAddress("127.0.0.1", 0), broker, source,
                    from -> delayNanos(from, to)));
        }
        for (int from : nodes.keySet()) {
            for (int to : nodes.keySet()) {
                if (from != to) {
                    tagged.insert(pair(from, to),
                            List.of("-j", "REDIRECT", "--to-ports", Integer.toString(relays.get(to).port())));
                }
            }
        }
        for (int from : nodes.keySet()) {
            for (int to : nodes.keySet()) {
                if (from != to) {
                    closeDirect(from, to);
                }
            }
        }
    }

    /** Makes node {@code victim}'s links slow, both ways, from now on (one node at a time: it replaces any other). */
    public void slow(int victim) {
        if (!nodes.containsKey(victim)) {
            throw new IllegalArgumentException("no node " + victim);
        }
        slow = victim;
    }

    /** Makes every link fast again; the relayed connections go on (what is held back still leaves in order). */
    public void heal() {
        slow = 0;
    }

    /** The rules of this instance now in place, as {@code iptables -S} prints them. */
    public List<String> rules() throws IOException {
        return tagged.list();
    }

    /** Per node (the destination of the connections): which addresses its relay's open connections came from. */
    public Map<Integer, List<InetAddress>> relayed() {
        Map<Integer, List<InetAddress>> relayed = new TreeMap<>();
        relays.forEach((node, relay) -> relayed.put(node, relay.openFrom()));
        return relayed;
    }

    /** Chunks the relays held back so far (on the slow node's links). */
    public long heldBack() {
        return relays.values().stream().mapToLong(DelayingRelay::delayedChunks).sum();
    }

    /** What the relays did: connections, chunks, how many held back and their mean delay. */
    public String stats() {
        long accepted = 0;
        long chunks = 0;
        long delayed = 0;
        long delayedNanos = 0;
        for (DelayingRelay relay : relays.values()) {
            accepted += relay.accepted();
            chunks += relay.chunks();
            delayed += relay.delayedChunks();
            delayedNanos += relay.delayedNanos();
        }
        return String.format("%d connections relayed, %d chunks forwarded, %d held back (mean %.1f ms)", accepted,
                chunks, delayed, delayed == 0 ? 0 : delayedNanos / 1e6 / delayed);
    }

    /**
     * Removes the rules, then closes the relayed connections (the nodes redial straight to the
     * brokers) and stops the relays.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(closeOnExit);
        } catch (IllegalStateException exiting) {
            // the JVM is exiting: the hook runs anyway
        }
    }

    private long delayNanos(InetAddress from, int to) {
        int victim = slow;
        if (victim == 0 || (victim != to && !Integer.valueOf(victim).equals(byHost.get(from.getHostAddress())))) {
            return 0;
        }
        return delayNanos + (jitterNanos == 0 ? 0
                : ThreadLocalRandom.current().nextLong(-jitterNanos, jitterNanos + 1));
    }

    /** The match of node {@code from}'s connections to node {@code to}'s broker. */
    private List<String> pair(int from, int to) {
        return List.of("-p", "tcp", "-s", nodes.get(from).host(), "-d", nodes.get(to).host(), "--dport",
                Integer.toString(nodes.get(to).brokerPort()));
    }

    /**
     * Closes node {@code from}'s connections to node {@code to}'s broker (its end, which resets the
     * other). A connection redirected already looks the same from the node's socket (NAT is
     * invisible to it); closing one just makes the node redial through the relay again.
     */
    private void closeDirect(int from, int to) throws IOException {
        List<String> command = List.of("ss", "-K", "-t", "-n", "src", nodes.get(from).host(), "dst",
                nodes.get(to).host(), "dport", "=", ":" + nodes.get(to).brokerPort());
        TaggedRules.check(TaggedRules.run(command), command);
    }

    private void closeQuietly() {
        try {
            tagged.deleteAll();
        } catch (IOException | RuntimeException e) {
            System.err.println("[slow link " + tagged.tag() + "] could not remove every rule: " + e.getMessage()
                    + "; look for them with: " + tagged.leftovers());
        }
        relays.values().forEach(DelayingRelay::close);
    }

    @Override
    public String toString() {
        return "SlowLink[" + (slow == 0 ? "no slow node" : "node" + slow + " slow") + ", " + stats() + "]";
    }
}
