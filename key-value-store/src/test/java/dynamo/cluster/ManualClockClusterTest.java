package dynamo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.message.ClientResponse;
import dynamo.core.message.ClientResponse.Status;
import dynamo.core.operation.ManualScheduler;
import dynamo.core.operation.Quorum;
import dynamo.core.version.ConflictMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Five core nodes on a manual clock (1 ms per message): how long a request takes is measured in the
 * cluster's own time, exactly, with no wall-clock wait and no scheduling noise to allow for.
 */
class ManualClockClusterTest {
    private static final String[] DOWN = {"node1", "node2"};
    /**
     * The replica deadline (100 ms), when a quorum that cannot be reached is told, and a forward's round
     * trip; without that rule the answer would come at the request deadline, 2 s.
     */
    private static final long FAIL_FAST_MILLIS = 110;
    /** A few round trips of 1 ms: a key with one replica down is served as if nothing were down. */
    private static final long SERVED_MILLIS = 10;

    private final ManualScheduler clock = new ManualScheduler(1_700_000_000_000L);
    @AutoClose
    private final InProcessCluster cluster = InProcessCluster.onManualClock(5, new Quorum(3, 2, 2),
            ConflictMode.LINEARIZABLE, clock, 1);

    @Test
    void twoReplicasDownAnswer503AtTheReplicaDeadlineWhileOneDownIsStillServed() {
        byte[] twoDown = keyWithReplicasDown(2);
        byte[] oneDown = keyWithReplicasDown(1);
        assertThat(cluster.put(2, oneDown, bytes("before")).status()).isEqualTo(Status.WRITTEN);
        cluster.crash(cluster.indexOf(DOWN[0]));
        cluster.crash(cluster.indexOf(DOWN[1]));
        clock.advance(1000); // the survivors' probes go unanswered: both seem down

        String last = "before";
        for (int live = 2; live < 5; live++) {
            int via = live;
            ClientResponse put = timed(via, () -> cluster.put(via, twoDown, bytes("lost")), FAIL_FAST_MILLIS);
            assertThat(put.status()).isEqualTo(Status.UNAVAILABLE);
            assertThat(put.message()).isEqualTo("quorum unreachable: node1, node2 seem down");
            ClientResponse get = timed(via, () -> cluster.get(via, twoDown), FAIL_FAST_MILLIS);
            assertThat(get.status()).isEqualTo(Status.UNAVAILABLE);
            assertThat(get.message()).isEqualTo("quorum unreachable: node1, node2 seem down");

            assertThat(text(timed(via, () -> cluster.get(via, oneDown), SERVED_MILLIS))).isEqualTo(last);
            String next = "through " + cluster.id(via);
            assertThat(timed(via, () -> cluster.put(via, oneDown, bytes(next)), SERVED_MILLIS).status())
                    .isEqualTo(Status.WRITTEN);
            last = next;
        }
    }

    /** Runs {@code request} and checks it took at most {@code boundMillis} of the cluster's time. */
    private ClientResponse timed(int via, Supplier<ClientResponse> request, long boundMillis) {
        long start = clock.nowMillis();
        ClientResponse answer = request.get();
        long took = clock.nowMillis() - start;
        assertThat(took).as("ms through %s, answered %s", cluster.id(via), answer)
                .isLessThanOrEqualTo(boundMillis);
        return answer;
    }

    /** A key that exactly {@code down} of the crashed nodes replicate. */
    private byte[] keyWithReplicasDown(int down) {
        return IntStream.range(0, 1000).mapToObj(i -> bytes("key-" + i))
                .filter(key -> crashedReplicas(cluster.ring.preferenceList(key, 3)) == down)
                .findFirst().orElseThrow();
    }

    private static long crashedReplicas(List<String> replicas) {
        return replicas.stream().filter(r -> r.equals(DOWN[0]) || r.equals(DOWN[1])).count();
    }

    private static String text(ClientResponse r) {
        assertThat(r.status()).isEqualTo(Status.FOUND);
        return new String(r.versions().get(0).value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
