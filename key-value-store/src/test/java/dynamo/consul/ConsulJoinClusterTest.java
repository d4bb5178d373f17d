package dynamo.consul;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.cluster.InProcessCluster;
import dynamo.core.membership.DiscoveryFollower;
import dynamo.core.membership.Member;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.ClientResponse.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Consul path against the stub, with the core nodes of an in-process cluster: each node registers
 * through {@link ConsulMembership} and follows the registrations ({@link DiscoveryFollower}). A node
 * whose check turns critical, and which is really down, stays in the ring; a new registration joins
 * with its ranges streamed, so every key written before is read through it.
 */
class ConsulJoinClusterTest {
    private final ConsulStub consul = ConsulStub.start();
    private final InProcessCluster cluster = InProcessCluster.standard();
    private final List<ConsulMembership> registrations = new ArrayList<>();
    private final List<DiscoveryFollower> followers = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        followers.forEach(DiscoveryFollower::stop);
        registrations.forEach(ConsulMembership::close);
        cluster.close();
        consul.close();
    }

    /** Registers node i with the stub and has it follow the registrations. */
    private void register(int i) {
        Member self = cluster.member(i);
        DiscoveryConfig config = new DiscoveryConfig();
        config.type = DiscoveryConfig.Type.CONSUL;
        config.consulUrl = consul.url();
        config.pollMillis = 50;
        config.maxBackoffMillis = 200;
        config.httpUrl = "http://127.0.0.1:" + (18000 + i);
        config.adminUrl = "http://127.0.0.1:" + (18100 + i);
        ConsulMembership membership = ConsulMembership.of(config, self.id(), self.brokerUrl());
        membership.start();
        registrations.add(membership);
        DiscoveryFollower follower = new DiscoveryFollower(membership,
                members -> cluster.node(i).followMembers(members.stream().map(Member::id).toList(), members),
                cluster.scheduler());
        follower.start();
        followers.add(follower);
    }

    @Test
    void aNodeWhoseCheckFailsStaysAndANewRegistrationJoinsWithItsData() throws Exception {
        IntStream.range(0, cluster.size()).forEach(this::register);
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> IntStream.range(0, 5).allMatch(i -> consul.isRegistered(cluster.id(i))));
        for (int k = 0; k < 300; k++) {
            assertThat(cluster.put(k % 5, key(k), key(k)).status()).isEqualTo(Status.WRITTEN);
        }
        cluster.crash(2);
        consul.setStatus(cluster.id(2), "critical");
        Thread.sleep(3 * 1500); // several periods of every follower with node3's check critical
        assertThat(cluster.node(0).ring().config().members()).as("a failing node keeps its ranges").contains("node3");
        assertThat(cluster.node(0).ring().epoch()).isEqualTo(1);
        cluster.restart(2);
        consul.setStatus(cluster.id(2), "passing");

        int joiner = cluster.add();
        register(joiner);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.range(0, cluster.size())
                .allMatch(i -> cluster.node(i).ring().config().members().contains("node6")
                        && cluster.node(i).ring().config().move() == null));
        for (int k = 0; k < 300; k++) {
            ClientResponse r = cluster.get(joiner, key(k));
            assertThat(r.status()).as("key %d", k).isEqualTo(Status.FOUND);
            assertThat(r.versions().get(0).value()).isEqualTo(key(k));
        }
        assertThat(cluster.storage(joiner).count()).as("keys streamed to the new node").isPositive();
    }

    private static byte[] key(int k) {
        return ("key-" + k).getBytes(StandardCharsets.UTF_8);
    }
}
