package dynamo.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dynamo.activemq.FreePorts;
import dynamo.harness.RepoDir;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The compose deployment run for real on a local Docker engine (profile {@code compose}; .ci/run
 * runs it when bin/docker-engine can start one): the images built on the local base image,
 * slave.yml's nodes with loopback.yml (host networking, node i on 127.0.1.i, the Consul stand-in),
 * 3 nodes scaled to 5 with {@code docker-compose up --scale}, the host's HAProxy in front, writes
 * and reads through it, one container killed with {@code docker kill}, and every request after
 * the warm-up must succeed: a put answered {@code success: true}, a get with the value last put.
 * Then the killed container is started again and must come back as the same node, with every key.
 */
class ComposeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = RepoDir.root();
    private static final int SLOTS = 5;
    /** Puts that must succeed in a row before the checked phases: a fresh cluster's first writes may 503 (README, Known limits). */
    private static final int WARM_STREAK = 30;
    private static final int KEYS_PER_PHASE = 150;

    private static final int HTTP_PORT = FreePorts.next();
    private static final int ADMIN_PORT = FreePorts.next();
    private static final int BROKER_PORT = FreePorts.next();
    private static final int CONSUL_PORT = FreePorts.next();
    private static final int HAPROXY_PORT = FreePorts.next();
    private static final String HAPROXY = "http://127.0.0.1:" + HAPROXY_PORT;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static Path workDir;
    private static ComposeProject project;
    private static LoopbackHaproxy haproxy;

    private final List<String> failures = new ArrayList<>();

    @BeforeAll
    static void buildImagesAndStartHaproxy() throws IOException {
        assumeTrue(Commands.run(REPO, Map.of(), 60, List.of("docker", "info")).ok(),
                "skipped: no Docker engine answers (bin/docker-engine start)");
        workDir = Files.createDirectories(REPO.resolve("key-value-store/target/compose-it"));
        long started = System.nanoTime();
        Commands.check(REPO, Map.of(), 900, List.of("bin/compose-images"));
        System.out.printf("compose-it: images built in %d s%n", seconds(started));
        project = new ComposeProject(REPO, "dynamo-compose-it", Map.of(
                "DYNAMO_HTTP_PORT", Integer.toString(HTTP_PORT),
                "DYNAMO_ADMIN_PORT", Integer.toString(ADMIN_PORT),
                "DYNAMO_BROKER_PORT", Integer.toString(BROKER_PORT),
                "DYNAMO_CONSUL_PORT", Integer.toString(CONSUL_PORT),
                "DYNAMO_SYSLOG_PORT", Integer.toString(FreePorts.next()),
                "DYNAMO_CENTRAL_SYSLOG_PORT", Integer.toString(FreePorts.next())));
        project.down(); // what a killed earlier run may have left
        haproxy = LoopbackHaproxy.start(REPO, workDir, HAPROXY_PORT, FreePorts.next(),
                IntStream.rangeClosed(1, SLOTS).mapToObj(ComposeIT::address).toList(), HTTP_PORT, ADMIN_PORT);
    }

    @AfterAll
    static void removeEverything() throws Exception {
        if (project != null) {
            Files.writeString(workDir.resolve("compose.log"), project.logs());
            Commands.Result down = project.down();
            System.out.println("compose-it: down -v exited " + down.exitCode());
        }
        if (haproxy != null) {
            haproxy.close();
        }
    }

    @Test
    @Timeout(value = 9, unit = TimeUnit.MINUTES) // three cluster changes of up to 2 minutes each, and the requests
    void scalesFromThreeToFiveAndServesEveryRequestThroughHaproxyWhileAContainerIsKilled() throws Exception {
        long started = System.nanoTime();
        project.up(3);
        awaitRing(3, Duration.ofSeconds(120));
        System.out.printf("compose-it: 3 nodes up, each sees 3 members, after %d s%n", seconds(started));

        project.up(5);
        awaitRing(5, Duration.ofSeconds(120));
        assertThat(project.nodeContainers()).hasSize(5);
        System.out.printf("compose-it: scaled to 5, each sees 5 members, after %d s%n", seconds(started));
        assertThat(haproxy.alive()).as("haproxy runs (see target/compose-it/haproxy.log)").isTrue();

        int warmFailures = warmUp(Duration.ofSeconds(120));
        System.out.printf("compose-it: warmed up (%d failed puts of a fresh cluster first) after %d s%n",
                warmFailures, seconds(started));

        List<String> before = writeAndRead("before", KEYS_PER_PHASE);

        String victim = project.nodeContainers().get(1);
        String victimId = project.nodeIdOf(victim);
        project.kill(victim);
        System.out.printf("compose-it: docker kill %s (%s) after %d s%n", victim.substring(0, 12), victimId, seconds(started));

        List<String> after = writeAndRead("after", KEYS_PER_PHASE);
        for (String key : before) {
            expectGet(key, "v-" + key);
        }
        System.out.printf("compose-it: %d keys written and read before the kill, %d after, the first %d read again;"
                        + " the killed container is now %s; %d failures, after %d s%n",
                before.size(), after.size(), before.size(), project.state(victim), failures.size(), seconds(started));

        assertThat(failures).as("requests through HAProxy that did not succeed").isEmpty();

        // Docker does not restart a killed container by itself (docker kill is a manual stop); up does,
        // and the node takes its slot back: same id, address and data.
        project.up(5);
        awaitRing(5, Duration.ofSeconds(120));
        assertThat(project.nodeIdOf(victim)).isEqualTo(victimId);
        for (String key : before) {
            expectGet(key, "v-" + key);
        }
        for (String key : after) {
            expectGet(key, "v-" + key);
        }
        System.out.printf("compose-it: %s back on its slot, every key read again; %d failures, after %d s%n",
                victimId, failures.size(), seconds(started));
        assertThat(failures).as("reads through HAProxy after the restart that did not succeed").isEmpty();
    }

    /** Writes {@code count} fresh keys through HAProxy, reading each back at once. */
    private List<String> writeAndRead(String phase, int count) throws InterruptedException {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = phase + "-" + i;
            expectPut(key, "v-" + key);
            expectGet(key, "v-" + key);
            keys.add(key);
        }
        return keys;
    }

    private int warmUp(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        int streak = 0;
        int failed = 0;
        for (int i = 0; streak < WARM_STREAK; i++) {
            assertThat(System.nanoTime()).as("%d puts in a row succeeded within %s", WARM_STREAK, limit).isLessThan(deadline);
            Answer a = put("warm-" + i, "w");
            if (a.putSucceeded()) {
                streak++;
            } else {
                streak = 0;
                failed++;
            }
        }
        return failed;
    }

    private void expectPut(String key, String value) throws InterruptedException {
        Answer a = put(key, value);
        if (!a.putSucceeded()) {
            failures.add("put " + key + ": " + a);
        }
    }

    private void expectGet(String key, String value) throws InterruptedException {
        Answer a = get(key);
        String got = a.status == 200 ? a.body.path("value").path("values").path(0).asText(null) : null;
        if (got == null || !value.equals(new String(Base64.getDecoder().decode(got), StandardCharsets.UTF_8))) {
            failures.add("get " + key + ": " + a);
        }
    }

    private record Answer(int status, JsonNode body, String node, String error) {
        boolean putSucceeded() {
            return status == 200 && body.path("success").asBoolean(false);
        }

        @Override
        public String toString() {
            return error != null ? error : status + " from " + node + " " + body;
        }
    }

    private static Answer put(String key, String value) throws InterruptedException {
        String body = JSON.createObjectNode().put("key", b64(key)).put("value", b64(value)).toString();
        return send(HttpRequest.newBuilder(URI.create(HAPROXY + "/storage/"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Answer get(String key) throws InterruptedException {
        String path = Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(HAPROXY + "/storage/" + path)).GET());
    }

    private static Answer send(HttpRequest.Builder request) throws InterruptedException {
        try {
            HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = JSON.readTree(r.body());
            } catch (IOException notJson) {
                body = JSON.getNodeFactory().textNode(r.body());
            }
            return new Answer(r.statusCode(), body, r.headers().firstValue("X-Dynamo-Node").orElse("?"), null);
        } catch (IOException e) {
            return new Answer(-1, null, null, e.toString());
        }
    }

    /** Until every running slot's /ring lists {@code members} members, all seeming up. */
    private static void awaitRing(int members, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            int agreeing = 0;
            for (int slot = 1; slot <= members; slot++) {
                JsonNode ring = ring(slot);
                if (ring == null) {
                    last = "node" + slot + " does not answer /ring";
                    continue;
                }
                String servedBy = servedBy(slot);
                if (!("node" + slot).equals(servedBy)) {
                    last = address(slot) + " is answered by " + servedBy + ", not node" + slot;
                    continue;
                }
                long up = 0;
                for (JsonNode n : ring.path("nodes")) {
                    up += n.path("seemsUp").asBoolean() ? 1 : 0;
                }
                if (ring.path("nodes").size() == members && up == members) {
                    agreeing++;
                } else {
                    last = "node" + slot + " sees " + ring.path("nodes").size() + " members, " + up + " up";
                }
            }
            if (agreeing == members) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the ring did not reach " + members + " members within " + limit + ": " + last);
    }

    /** Which node answers the client API on a slot's address (its X-Dynamo-Node header). */
    private static String servedBy(int slot) throws InterruptedException {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://" + address(slot) + ":" + HTTP_PORT + "/storage/cHJvYmU"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
            return r.headers().firstValue("X-Dynamo-Node").orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode ring(int slot) throws InterruptedException {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://" + address(slot) + ":" + ADMIN_PORT + "/ring"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String address(int slot) {
        return "127.0.1." + slot;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static long seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1_000_000_000L;
    }
}
