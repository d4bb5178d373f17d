package dynamo.activemq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dynamo.core.membership.Member;
import dynamo.core.membership.StaticMembership;
import dynamo.core.message.Message;
import dynamo.core.message.Message.Ping;
import dynamo.core.message.Message.Pong;
import dynamo.faults.NetworkFaults;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A link that carried traffic through a network partition works again soon after the heal. TCP
 * backs off its retransmissions while every packet is lost (0.2 s, 0.4 s, 0.8 s, ... after 7 s the
 * next one is 6.4 s away), so a connection kept open across a cut stays silent for seconds after
 * the network is back; the inactivity monitor must drop it during the cut so that the link
 * reconnects afresh once the network is back. Needs iptables and root (skipped otherwise).
 *
 * <p>Cut one way, the link that loses its packets is not idle: the peer's own link still brings its
 * requests and keep-alives, and a cut shorter than the inactivity timeout goes unnoticed, so the
 * same backoff holds the link silent after the heal. The link must notice that the peer it hears
 * answers none of its requests.
 */
class LinkRecoveryAfterPartitionTest {
    private static final long CUT_MILLIS = 7_000;
    /** Shorter than the inactivity timeout (3 s, checked every 3 s) usually notices. */
    private static final long ONE_WAY_CUT_MILLIS = 3_500;
    /** What the heal may cost: a reconnect attempt (after at most 0.4 s of backoff) and its handshake. */
    private static final long RECOVERY_MILLIS = 2_000;

    /** Nodes a and b, on free ports (JUnit makes a new instance, so a new pair, for each test). */
    private final TwoHosts hosts = TwoHosts.onFreePorts();
    private final StaticMembership membership = hosts.membership();
    /** The number of the last ping a sent to b. */
    private final AtomicLong sequence = new AtomicLong();
    /** The highest number of a ping that reached b. */
    private final AtomicLong lastArrived = new AtomicLong(-1);

    @BeforeEach
    void needsIptables() {
        assumeTrue(NetworkFaults.available(), "iptables is not usable here (not installed, or not root)");
    }

    @Test
    void messagesFlowAgainWithinTwoSecondsOfTheHeal() throws Exception {
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        try (NetworkFaults network = hosts.faults("dynamo-link-recovery-");
                TestNode b = TestNode.start("b", membership, (Message m) -> lastArrived.accumulateAndGet(m.requestId(), Math::max));
                TestNode a = TestNode.start("a", membership)) {
            // a steady trickle, as the prober's pings and the replicas' traffic are: data in flight at every moment
            sender.scheduleAtFixedRate(() -> a.transport.send("b", new Ping(sequence.incrementAndGet(), "a")),
                    0, 50, TimeUnit.MILLISECONDS);
            awaitArrivalAfter(lastArrived, 0, 10_000);

            network.cutOff(2, NetworkFaults.Direction.BOTH);
            Thread.sleep(CUT_MILLIS);
            assertFlowsSoonAfterHeal(network, "");
        } finally {
            sender.shutdownNow();
        }
    }

    @Test
    void aLinkCutOneWayWhileThePeerStillTalksToUsFlowsAgainSoonAfterTheHeal() throws Exception {
        AtomicReference<TestNode> nodeA = new AtomicReference<>();
        AtomicReference<TestNode> nodeB = new AtomicReference<>();
        ScheduledExecutorService senders = Executors.newScheduledThreadPool(2);
        try (NetworkFaults network = hosts.faults("dynamo-link-one-way-");
                TestNode b = TestNode.start("b", membership, (Message m) -> {
                    if (m instanceof Ping ping) { // a's requests: numbered, answered as the prober answers
                        lastArrived.accumulateAndGet(ping.requestId(), Math::max);
                        nodeB.get().transport.send("a", new Pong(ping.requestId(), "b"));
                    }
                });
                TestNode a = TestNode.start("a", membership, (Message m) -> {
                    if (m instanceof Ping ping) {
                        nodeA.get().transport.send("b", new Pong(ping.requestId(), "a"));
                    }
                })) {
            nodeA.set(a);
            nodeB.set(b);
            senders.scheduleAtFixedRate(() -> a.transport.send("b", new Ping(sequence.incrementAndGet(), "a")),
                    0, 50, TimeUnit.MILLISECONDS);
            senders.scheduleAtFixedRate(() -> b.transport.send("a", new Ping(0, "b")), 0, 50, TimeUnit.MILLISECONDS);
            awaitArrivalAfter(lastArrived, 0, 10_000);

            network.cutOff(3, NetworkFaults.Direction.INCOMING); // a's link to b loses every packet; b's to a works
            Thread.sleep(ONE_WAY_CUT_MILLIS);
            assertFlowsSoonAfterHeal(network, "one way: ");
        } finally {
            senders.shutdownNow();
        }
    }

    /** Node a on 127.0.0.2 and node b on 127.0.0.3, so that iptables can cut one off from the other. */
    private record TwoHosts(int portA, int portB) {
        static TwoHosts onFreePorts() {
            return new TwoHosts(FreePorts.next(), FreePorts.next());
        }

        StaticMembership membership() {
            return new StaticMembership(List.of(new Member("a", "tcp://127.0.0.2:" + portA, "http://127.0.0.2:1"),
                    new Member("b", "tcp://127.0.0.3:" + portB, "http://127.0.0.3:1")));
        }

        /** Faults between the two (a is node 2, b node 3), in iptables rules tagged {@code tag} and a nonce. */
        NetworkFaults faults(String tag) {
            return new NetworkFaults(Map.of(2, new NetworkFaults.Endpoint("127.0.0.2", portA),
                    3, new NetworkFaults.Endpoint("127.0.0.3", portB)), tag + System.nanoTime());
        }
    }

    /** Heals the network; a message numbered after the heal must arrive within {@link #RECOVERY_MILLIS}. */
    private void assertFlowsSoonAfterHeal(NetworkFaults network, String label) throws IOException, InterruptedException {
        network.heal();
        long healedAt = System.nanoTime();
        long firstAfterHeal = sequence.get() + 1;

        long millis = awaitArrivalAfter(lastArrived, firstAfterHeal, 15_000);
        System.out.printf("%sfirst message sent after the heal arrived %d ms after it%n",
                label, (System.nanoTime() - healedAt) / 1_000_000);
        assertThat(millis).as("ms from the heal until a message sent after it arrived").isLessThan(RECOVERY_MILLIS);
    }

    /** Waits until a message numbered {@code from} or above arrived; the ms it took (or {@code limit}). */
    private static long awaitArrivalAfter(AtomicLong lastArrived, long from, long limit) throws InterruptedException {
        long start = System.nanoTime();
        while (lastArrived.get() < from && (System.nanoTime() - start) / 1_000_000 < limit) {
            Thread.sleep(10);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
