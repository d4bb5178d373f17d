package dynamo.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin port of an in-JVM node: {@code /healthcheck} with the checks the README names, all
 * healthy on a running node and the membership check unhealthy (500) on a node whose ring has fewer
 * members than N; {@code /ping}; {@code /ring} and {@code /peers} for a ring of one node.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HealthChecksAppTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Alone in its ring with N = 1: everything healthy. */
    private static final DropwizardAppExtension<DynamoConfiguration> NODE =
            new DropwizardAppExtension<>(DynamoApplication.class, config("node1", 1));
    /** Alone in its ring but configured for N = 3 replicas: a ring that cannot place them. */
    private static final DropwizardAppExtension<DynamoConfiguration> UNDER_REPLICATED =
            new DropwizardAppExtension<>(DynamoApplication.class, config("solo", 3));

    @Test
    void everyCheckTheReadmeNamesIsHealthyOnARunningNode() throws Exception {
        HttpResponse<String> health = admin(NODE, "/healthcheck");

        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode checks = JSON.readTree(health.body());
        assertThat(fieldNames(checks)).containsExactlyInAnyOrder("storage", "broker", "membership", "deadlocks");
        checks.fields().forEachRemaining(check ->
                assertThat(check.getValue().get("healthy").asBoolean()).as(check.getKey()).isTrue());
    }

    @Test
    void aRingWithFewerMembersThanNReplicasIsUnhealthy() throws Exception {
        HttpResponse<String> health = admin(UNDER_REPLICATED, "/healthcheck");

        assertThat(health.statusCode()).as(health.body()).isEqualTo(500);
        JsonNode checks = JSON.readTree(health.body());
        assertThat(checks.at("/membership/healthy").asBoolean()).isFalse();
        assertThat(checks.at("/membership/message").asText()).isEqualTo("fewer members than N replicas");
        for (String fine : List.of("storage", "broker", "deadlocks")) {
            assertThat(checks.get(fine).get("healthy").asBoolean()).as(fine).isTrue();
        }
        assertThat(admin(UNDER_REPLICATED, "/ping").statusCode()).as("/ping is liveness, not health").isEqualTo(200);
    }

    @Test
    void pingAnswersPong() throws Exception {
        HttpResponse<String> ping = admin(NODE, "/ping");

        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body().strip()).isEqualTo("pong");
    }

    @Test
    void peersOfANodeAloneAreNeitherHeardNorSilent() throws Exception {
        HttpResponse<String> answer = admin(NODE, "/peers");

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode peers = JSON.readTree(answer.body());
        assertThat(peers.get("node").asText()).isEqualTo("node1");
        assertThat(peers.get("heard")).isEmpty();
        assertThat(peers.get("silent")).isEmpty();
    }

    @Test
    void theRingOfOneNodeListsItWithEveryPartitionAndTheEpochTheApiAnswersCarry() throws Exception {
        HttpResponse<String> answer = admin(NODE, "/ring");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode ring = JSON.readTree(answer.body());
        assertThat(ring.get("epoch").asLong()).isEqualTo(1);
        assertThat(ring.get("fingerprint").isIntegralNumber()).as("fingerprint: %s", ring.get("fingerprint")).isTrue();
        assertThat(ring.get("replicas").asInt()).isEqualTo(1);
        assertThat(ring.get("partitioner").asText()).isEqualTo("md5");
        assertThat(ring.get("move").isNull()).as("no move under way").isTrue();
        assertThat(ring.get("nodes")).hasSize(1);
        JsonNode node = ring.get("nodes").get(0);
        assertThat(node.get("id").asText()).isEqualTo("node1");
        assertThat(node.get("url").asText()).isEqualTo(NODE.getConfiguration().peers.get(0).httpUrl);
        assertThat(node.get("adminUrl").isNull()).as("no adminUrl configured").isTrue();
        assertThat(node.get("state").asText()).isEqualTo("normal");
        assertThat(node.get("seemsUp").asBoolean()).isTrue();
        assertThat(node.get("share").asDouble()).isEqualTo(100.0);
        // The default layout: 256 equal partitions, partition i ending at floor(i * 2^64 / 256), all node1's.
        List<String> tokens = new ArrayList<>();
        node.get("tokens").forEach(token -> tokens.add(token.asText()));
        assertThat(tokens).isEqualTo(IntStream.range(0, 256)
                .mapToObj(i -> BigInteger.valueOf(i).shiftLeft(56).toString()).toList());

        HttpResponse<String> api = HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + NODE.getLocalPort() + "/storage/YWJzZW50")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.headers().firstValue("X-Dynamo-Ring-Epoch")).contains(ring.get("epoch").asText());
    }

    @Test
    void theUnderReplicatedRingSaysItsNReplicasAndItsOneNode() throws Exception {
        JsonNode ring = JSON.readTree(admin(UNDER_REPLICATED, "/ring").body());

        assertThat(ring.get("replicas").asInt()).isEqualTo(3);
        assertThat(ring.get("nodes")).hasSize(1);
        assertThat(ring.at("/nodes/0/id").asText()).isEqualTo("solo");
        assertThat(ring.at("/nodes/0/share").asDouble()).isEqualTo(100.0);
    }

    private static HttpResponse<String> admin(DropwizardAppExtension<DynamoConfiguration> app, String path)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getAdminPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * A node alone in its ring with {@code replicas} = N (R = W = 1), its data under target/; each node
     * of the class has its own id, so that its embedded broker has a name of its own in this JVM.
     */
    private static DynamoConfiguration config(String id, int replicas) {
        DynamoConfiguration config = TestNodeConfig.node1();
        config.nodeId = id;
        config.peers.get(0).id = id;
        try {
            Files.delete(Path.of(config.dataDir)); // TestNodeConfig's empty temp directory: ours lives under target/
            Path parent = Files.createDirectories(Path.of("target", "app-tests"));
            config.dataDir = Files.createTempDirectory(parent, "health-" + id + "-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.replication.n = replicas;
        return config;
    }
}
