package dynamo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.membership.DiscoveryFollower;
import dynamo.core.membership.Member;
import dynamo.core.membership.Membership;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.ClientResponse.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The discovery path (Consul's, with a list standing in for the registrations): a node that is down
 * (its health check would fail) but still registered stays in the ring, and a new registration joins
 * with its ranges streamed, so that every key written before is still read afterwards.
 */
class DiscoveryMembershipClusterTest {
    private final InProcessCluster cluster = InProcessCluster.standard();
    private final List<Member> registered = new CopyOnWriteArrayList<>();
    private final List<DiscoveryFollower> followers = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        followers.forEach(DiscoveryFollower::stop);
        cluster.close();
    }

    private void follow(int i) {
        Membership discovered = () -> List.copyOf(registered);
        DiscoveryFollower follower = new DiscoveryFollower(discovered,
                members -> cluster.node(i).followMembers(members.stream().map(Member::id).toList(), members),
                cluster.scheduler());
        follower.start();
        followers.add(follower);
    }

    @Test
    void aDownNodeStaysAndANewRegistrationJoinsWithItsData() throws Exception {
        IntStream.range(0, cluster.size()).forEach(i -> registered.add(cluster.member(i)));
        for (int k = 0; k < 300; k++) {
            assertThat(cluster.put(k % 5, key(k), key(k)).status()).isEqualTo(Status.WRITTEN);
        }
        IntStream.range(0, cluster.size()).forEach(this::follow);
        cluster.crash(2);
        Thread.sleep(3 * 1500); // several periods of every follower, with node3 down
        assertThat(cluster.node(0).ring().config().members()).as("a down node keeps its ranges").contains("node3");
        assertThat(cluster.node(0).ring().epoch()).isEqualTo(1);
        cluster.restart(2);

        int joiner = cluster.add();
        registered.add(cluster.member(joiner));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.range(0, cluster.size())
                .allMatch(i -> cluster.node(i).ring().config().members().contains("node6")
                        && cluster.node(i).ring().config().move() == null));
        for (int k = 0; k < 300; k++) {
            ClientResponse r = cluster.get(joiner, key(k));
            assertThat(r.status()).as("key %d", k).isEqualTo(Status.FOUND);
            assertThat(r.versions().get(0).value()).isEqualTo(key(k));
        }
        long onJoiner = cluster.storage(joiner).count();
        assertThat(onJoiner).as("keys streamed to the new node").isPositive();
    }

    private static byte[] key(int k) {
        return ("key-" + k).getBytes(StandardCharsets.UTF_8);
    }
}
