package dynamo.faults;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Network faults between the nodes of one cluster (each node on its own loopback address, its
 * broker on its own port, as bin/cluster lays them out), made with iptables rules in the
 * INPUT chain (packets leave their sender and vanish on the way, as on a real network: a sender
 * sees silence, not the "operation not permitted" a rule in OUTPUT gives it). Node i is on
 * 127.0.0.i and dials its peers from there, so a rule can name both ends of node-to-node traffic;
 * it also names the broker port, which all of that traffic goes to or comes from. Client traffic
 * (from 127.0.0.1 to HTTP ports, also to node 1) never matches: clients still reach a cut-off node.
 *
 * <p>iptables is machine-wide: every rule carries {@code -m comment --comment TAG} with a tag of
 * this instance, and only rules carrying it are ever deleted. {@link #heal()} removes them all;
 * {@link #close()} too, and so does a JVM shutdown hook, so a failed or interrupted test leaves none.
 *
 * <p>The link nemesis the issue asks for ({@code tc netem} delay and loss) cannot run here: this
 * kernel has no netem qdisc (CONFIG_NET_SCH_NETEM is off). {@link #lossy} drops a share of the
 * packets with iptables' statistic match instead; TCP's retransmissions (200 ms at least) then also
 * make that link slow. A delay is made in user space: {@link SlowLink}.
 */
public final class NetworkFaults implements AutoCloseable {
    private static final String CHAIN = "INPUT";

    /** Which of a node's message flows a cut stops. */
    public enum Direction {
        /** The node's messages to its peers are lost; it still hears them. */
        OUTGOING,
        /** The peers' messages to the node are lost; it still reaches them. */
        INCOMING,
        /** Both: the node is alone. */
        BOTH;

        public String verb() {
            return switch (this) {
                case OUTGOING -> "cut off (its messages to peers lost)";
                case INCOMING -> "cut off (peers' messages to it lost)";
                case BOTH -> "cut off both ways";
            };
        }
    }

    /** Where a node is: its own address, and the port its broker listens on. */
    public record Endpoint(String host, int brokerPort) {
    }

    private final Map<Integer, Endpoint> nodes;
    private final TaggedRules tagged;
    private final Thread healOnExit = new Thread(this::healQuietly, "network-heal");

    /** {@code tag}: letters, digits, '-' and '_' only, unique to this run (it marks the rules we may delete). */
    public NetworkFaults(Map<Integer, Endpoint> nodes, String tag) {
        this.tagged = new TaggedRules("filter", CHAIN, tag);
        this.nodes = new TreeMap<>(nodes);
        Runtime.getRuntime().addShutdownHook(healOnExit);
    }

    /** Whether iptables can be used here (installed, and we may change rules: root). */
    public static boolean available() {
        return TaggedRules.available("filter", CHAIN);
    }

    public String tag() {
        return tagged.tag();
    }

    /**
     * Cuts node {@code victim} off from every other node in {@code direction}. A message flow is
     * one TCP connection (the sender dials the receiver's broker), so a one-way cut drops both the
     * data and the acknowledgements of that connection only: dropping all packets from the node
     * one way would also stall its peers' connections to it (their acknowledgements), which is a
     * cut both ways for TCP.
     */
    public void cutOff(int victim, Direction direction) throws IOException {
        for (int peer : nodes.keySet()) {
            if (peer == victim) {
                continue;
            }
            if (direction != Direction.INCOMING) {
                dropConnection(victim, peer, List.of());
            }
            if (direction != Direction.OUTGOING) {
                dropConnection(peer, victim, List.of());
            }
        }
    }

    /** Loses each packet between node {@code victim} and its peers (either way) with this probability. */
    public void lossy(int victim, double probability) throws IOException {
        List<String> random = List.of("-m", "statistic", "--mode", "random", "--probability",
                String.format(Locale.ROOT, "%.3f", probability));
        for (int peer : nodes.keySet()) {
            if (peer != victim) {
                dropConnection(victim, peer, random);
                dropConnection(peer, victim, random);
            }
        }
    }

    /** Removes every rule of this instance (and only those). */
    public void heal() throws IOException {
        tagged.deleteAll();
    }

    /** The rules of this instance now in place, as {@code iptables -S} prints them. */
    public List<String> rules() throws IOException {
        return tagged.list();
    }

    @Override
    public void close() {
        healQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(healOnExit);
        } catch (IllegalStateException exiting) {
            // the JVM is exiting: the hook runs anyway
        }
    }

    /** Drops the packets of the connection node {@code from} opens to node {@code to}'s broker. */
    private void dropConnection(int from, int to, List<String> extra) throws IOException {
        String broker = Integer.toString(nodes.get(to).brokerPort());
        String source = nodes.get(from).host();
        String destination = nodes.get(to).host();
        drop(source, destination, "--dport", broker, extra);
        drop(destination, source, "--sport", broker, extra);
    }

    private void drop(String source, String destination, String portOption, String port, List<String> extra)
            throws IOException {
        List<String> match = new ArrayList<>(List.of("-p", "tcp", "-s", source, "-d", destination, portOption, port));
        match.addAll(extra);
        tagged.insert(match, List.of("-j", "DROP"));
    }

    private void healQuietly() {
        try {
            heal();
        } catch (IOException | RuntimeException e) {
            System.err.println("[network faults " + tagged.tag() + "] could not remove every rule: " + e.getMessage()
                    + "; look for them with: " + tagged.leftovers());
        }
    }
}
