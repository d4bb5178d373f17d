package dynamo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.epoch.RingConfig;
import dynamo.core.message.ClientRequest;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.ClientResponse.Status;
import dynamo.core.message.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The epoch-numbered ring in a 5-node in-process cluster: a change chosen by the ring register while
 * one node cannot hear it; that node, as coordinator, is refused by the replicas at the new epoch
 * (503 with the reason, never a write on the old ring), learns the epoch as soon as it hears a peer,
 * runs a refused request once more on the newer ring, and then serves again; a second change from the same epoch is refused; a restart keeps the epoch.
 */
class EpochClusterTest {
    private static final int STALE = 4;
    @AutoClose
    private final InProcessCluster cluster = InProcessCluster.standard();
    private final Map<String, String> acknowledged = new LinkedHashMap<>();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private ClientResponse propose(int via, RingConfig next) throws Exception {
        return cluster.node(via).proposeRing(next).get(10, TimeUnit.SECONDS);
    }

    private void awaitEpoch(int node, long epoch) {
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.node(node).ring().epoch() == epoch);
    }

    private void write(int via, String key, String value) {
        ClientResponse r = cluster.put(via, bytes(key), bytes(value));
        assertThat(r.status()).as("put %s via %s: %s", key, cluster.id(via), r.message()).isEqualTo(Status.WRITTEN);
        acknowledged.put(key, value);
    }

    private void everyAcknowledgedWriteIsReadableEverywhere() {
        for (int via = 0; via < cluster.size(); via++) {
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                ClientResponse r = cluster.get(via, bytes(e.getKey()));
                assertThat(r.status()).as("get %s via %s: %s", e.getKey(), cluster.id(via), r.message())
                        .isEqualTo(Status.FOUND);
                assertThat(new String(r.versions().get(0).value(), StandardCharsets.UTF_8)).isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void aCoordinatorThatMissedAnEpochChangeIsFencedThenLearnsTheEpoch() throws Exception {
        IntStream.range(0, 20).forEach(i -> write(i % cluster.size(), "before-" + i, "v" + i));
        cluster.network.deafen(cluster.id(STALE), Message.RingConfigReply.class);

        ClientResponse change = propose(0, cluster.node(0).ring().config().renumbered());
        assertThat(change.status()).as(change.message()).isEqualTo(Status.WRITTEN);
        IntStream.range(0, STALE).forEach(i -> awaitEpoch(i, 2));
        assertThat(cluster.node(STALE).ring().epoch()).as("it heard none of the change").isEqualTo(1);

        for (int i = 0; i < 3; i++) { // each waits the retry's bound for a newer ring it cannot hear
            ClientResponse put = cluster.put(STALE, bytes("before-" + i), bytes("stale write"));
            assertThat(put.status()).as("a put coordinated on the stale ring").isEqualTo(Status.UNAVAILABLE);
            assertThat(put.message()).contains("ring epoch 1 is stale", "at epoch 2");
            ClientResponse get = cluster.get(STALE, bytes("before-" + i));
            assertThat(get.status()).as("a read on the stale ring").isEqualTo(Status.UNAVAILABLE);
            assertThat(get.message()).contains("stale");
        }
        assertThat(cluster.node(STALE).ring().epoch()).isEqualTo(1);

        // Refused while stale, then run once more as soon as the newer ring arrives: one put, one answer.
        var pending = cluster.node(STALE).submit(ClientRequest.put(bytes("retried"), bytes("r"), null, 2));
        Thread.sleep(100);
        assertThat(cluster.node(STALE).ring().epoch()).as("still deaf to the ring").isEqualTo(1);
        cluster.network.heal();
        ClientResponse retried = pending.get(5, TimeUnit.SECONDS);
        assertThat(retried.status()).as(retried.message()).isEqualTo(Status.WRITTEN);
        acknowledged.put("retried", "r");
        awaitEpoch(STALE, 2); // any message of a peer carries epoch 2: it fetches and stores the config
        IntStream.range(0, 10).forEach(i -> write(STALE, "before-" + i, "after-" + i));
        IntStream.range(0, 10).forEach(i -> write(i % cluster.size(), "after-" + i, "w" + i));
        everyAcknowledgedWriteIsReadableEverywhere();
    }

    @Test
    void aSecondChangeFromTheSameEpochIsRefusedAndTeachesTheLoserTheEpoch() throws Exception {
        RingConfig one = cluster.node(1).ring().config();
        cluster.network.deafen(cluster.id(1), Message.RingConfigReply.class);
        assertThat(propose(0, one.renumbered()).status()).isEqualTo(Status.WRITTEN);
        awaitEpoch(0, 2);
        assertThat(cluster.node(1).ring().epoch()).isEqualTo(1);

        ClientResponse second = propose(1, RingConfig.following(2, one.members().subList(0, 4), one.layout()));
        assertThat(second.status()).as(second.message()).isEqualTo(Status.REJECTED);
        assertThat(second.message()).contains("the ring is at epoch 2, not 1", "one change at a time");
        assertThat(cluster.node(1).ring().config()).as("the winner's config, not its own").isEqualTo(one.renumbered());
        assertThat(cluster.node(1).ring().config().members()).hasSize(5);
    }

    @Test
    void aRestartedNodeStartsFromItsStoredEpoch() throws Exception {
        write(0, "k", "v");
        assertThat(propose(2, cluster.node(2).ring().config().renumbered()).status()).isEqualTo(Status.WRITTEN);
        IntStream.range(0, cluster.size()).forEach(i -> awaitEpoch(i, 2));
        cluster.crash(3);
        cluster.restart(3);
        assertThat(cluster.node(3).ring().epoch()).isEqualTo(2);
        everyAcknowledgedWriteIsReadableEverywhere();
    }
}
