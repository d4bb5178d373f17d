package dynamo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.message.ClientRequest;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.ClientResponse.Status;
import dynamo.core.version.Version;
import dynamo.core.version.VersionResolver;
import dynamo.linearizability.History;
import dynamo.linearizability.LinearizabilityChecker;
import dynamo.linearizability.Op;
import dynamo.linearizability.Result;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The per-key protocol in a 5-node in-process cluster: two nodes that both coordinate one key (one
 * cannot hear the other, so it took over) race conditional puts from the same version, also with one
 * of them paused mid-round; and a Jepsen-style history under message loss, duplication and pauses
 * checked by the linearizability checker.
 */
class ConsensusClusterTest {
    @AutoClose
    private final InProcessCluster cluster = InProcessCluster.standard();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ClientResponse r) {
        return r.status() == Status.FOUND ? new String(r.versions().get(0).value(), StandardCharsets.UTF_8) : null;
    }

    /** A key whose preference list starts with node index {@code first} then {@code second}. */
    private byte[] keyLedBy(int first, int second) {
        return IntStream.range(0, 100_000).mapToObj(i -> bytes("race-" + i))
                .filter(k -> {
                    List<String> p = cluster.ring.preferenceList(k, 3);
                    return p.get(0).equals(cluster.id(first)) && p.get(1).equals(cluster.id(second));
                }).findFirst().orElseThrow();
    }

    /** Cuts first -> second so that second takes over coordination of their keys while first keeps it. */
    private void splitCoordination(int first, int second) {
        cluster.network.cut(cluster.id(first), cluster.id(second));
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> !cluster.node(second).detector().seemsUp(cluster.id(first)));
    }

    private CompletableFuture<ClientResponse> casAt(int via, byte[] key, String value, Version from) {
        return cluster.node(via).submit(ClientRequest.put(key, bytes(value), from, 2));
    }

    /**
     * A coordinator that answers its probes but not its forwards (a JVM just restarted and still
     * cold) must not fail puts: the forwarder moves on to the next replica after the hedge time, and
     * the put is applied once.
     */
    @Test
    void aPutForwardedToASlowButLiveCoordinatorMovesOnToTheNextReplica() throws Exception {
        byte[] key = keyLedBy(0, 1);
        int via = IntStream.range(2, 5).filter(i -> !cluster.ring.preferenceList(key, 3).contains(cluster.id(i)))
                .findFirst().orElseThrow();
        assertThat(cluster.put(via, key, bytes("seed")).status()).isEqualTo(Status.WRITTEN);
        Version seeded = VersionResolver.summary(cluster.get(via, key).versions());
        cluster.network.deafen(cluster.id(0), dynamo.core.message.Message.ForwardRequest.class);
        long started = System.nanoTime();
        ClientResponse put = casAt(via, key, "after-hedge", seeded).get(10, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(cluster.node(via).detector().seemsUp(cluster.id(0))).as("the coordinator still seems up").isTrue();
        assertThat(put.status()).as("answered after %d ms: %s", millis, put).isEqualTo(Status.WRITTEN);
        assertThat(millis).isLessThan(2_000);
        assertThat(text(cluster.get(via, key))).isEqualTo("after-hedge");
        // The same conditional put again is rejected: the hedged one was applied exactly once.
        assertThat(casAt(via, key, "twice", seeded).get(10, TimeUnit.SECONDS).status()).isEqualTo(Status.REJECTED);
    }

    @Test
    void twoCoordinatorsOfOneKeyNeverBothWinAConditionalPutFromOneVersion() throws Exception {
        byte[] key = keyLedBy(0, 1);
        assertThat(cluster.put(2, key, bytes("seed")).status()).isEqualTo(Status.WRITTEN);
        splitCoordination(0, 1);
        int exactlyOne = 0;
        for (int round = 0; round < 20; round++) {
            ClientResponse read = cluster.get(2, key);
            assertThat(read.status()).isEqualTo(Status.FOUND);
            Version from = VersionResolver.summary(read.versions());
            var first = casAt(0, key, "first-" + round, from);
            var second = casAt(1, key, "second-" + round, from);
            List<ClientResponse> answers = List.of(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS));
            exactlyOne += checkOneWinner(key, round, answers) ? 1 : 0;
        }
        assertThat(exactlyOne).as("rounds with exactly one winner").isGreaterThanOrEqualTo(15);
    }

    @Test
    void aCoordinatorPausedMidRoundCannotAlsoWinAfterTheOtherDid() throws Exception {
        byte[] key = keyLedBy(0, 1);
        assertThat(cluster.put(2, key, bytes("seed")).status()).isEqualTo(Status.WRITTEN);
        splitCoordination(0, 1);
        for (int round = 0; round < 10; round++) {
            ClientResponse read = cluster.get(2, key);
            assertThat(read.status()).isEqualTo(Status.FOUND);
            Version from = VersionResolver.summary(read.versions());
            var first = casAt(0, key, "first-" + round, from);
            cluster.network.pause(cluster.id(0));
            ClientResponse winner = casAt(1, key, "second-" + round, from).get(10, TimeUnit.SECONDS);
            Thread.sleep(50 + 30L * round);
            cluster.network.resume(cluster.id(0));
            checkOneWinner(key, round, List.of(first.get(10, TimeUnit.SECONDS), winner));
        }
    }

    /** At most one conditional put succeeded, and what is stored matches what the clients were told. */
    private boolean checkOneWinner(byte[] key, int round, List<ClientResponse> answers) {
        List<String> names = List.of("first-" + round, "second-" + round);
        List<String> won = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            if (answers.get(i).status() == Status.WRITTEN) {
                won.add(names.get(i));
            }
        }
        assertThat(won).as("round %d answers %s", round, answers).hasSizeLessThanOrEqualTo(1);
        String stored = text(cluster.get(2, key));
        if (won.size() == 1) {
            assertThat(stored).as("round %d", round).isEqualTo(won.get(0));
        }
        for (int i = 0; i < 2; i++) {
            if (answers.get(i).status() == Status.REJECTED) {
                assertThat(stored).as("a rejected put was applied, round %d", round).isNotEqualTo(names.get(i));
            }
        }
        return won.size() == 1;
    }

    @Test
    void historiesStayLinearizableUnderLossDuplicationAndPauses() throws Exception {
        cluster.dropRateForTest(0.05);
        cluster.network.duplicateRate(0.1);
        History history = new History();
        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(7);
        List<Future<?>> running = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
            int process = p;
            running.add(clients.submit(() -> client(process, history, until)));
        }
        running.add(clients.submit(() -> pauser(until)));
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        cluster.network.heal();
        for (String key : history.keys()) {
            long id = history.invoke(99, key, Op.read());
            ClientResponse r = cluster.get(0, bytes(key));
            history.ok(id, text(r));
        }

        Result result = LinearizabilityChecker.check(history);
        assertThat(result.isLinearizable()).as(result.toString()).isTrue();
        assertThat(history.size()).isGreaterThan(100);
    }

    private Void client(int process, History history, long until) {
        Random random = new Random(process);
        int n = 0;
        while (System.nanoTime() < until) {
            String key = "lin-" + random.nextInt(3);
            int via = random.nextInt(cluster.size());
            String value = "p" + process + "-" + (n++);
            int roll = random.nextInt(10);
            if (roll < 4) {
                long id = history.invoke(process, key, Op.read());
                record(history, id, cluster.call(via, ClientRequest.get(bytes(key), 2)), null);
            } else if (roll < 6) {
                long id = history.invoke(process, key, Op.write(value));
                record(history, id, cluster.call(via, ClientRequest.put(bytes(key), bytes(value), null, 2)), null);
            } else if (roll < 7) {
                long id = history.invoke(process, key, Op.delete());
                record(history, id, cluster.call(via, ClientRequest.put(bytes(key), null, null, 2)), null);
            } else {
                long readId = history.invoke(process, key, Op.read());
                ClientResponse read = cluster.call(via, ClientRequest.get(bytes(key), 2));
                record(history, readId, read, null);
                if (read.status() != Status.FOUND) {
                    continue;
                }
                long id = history.invoke(process, key, Op.cas(text(read), value));
                ClientResponse r = cluster.call(random.nextInt(cluster.size()),
                        ClientRequest.put(bytes(key), bytes(value), VersionResolver.summary(read.versions()), 2));
                record(history, id, r, Boolean.TRUE);
            }
        }
        return null;
    }

    private static void record(History history, long id, ClientResponse r, Boolean cas) {
        switch (r.status()) {
            case FOUND -> history.ok(id, text(r));
            case NOT_FOUND -> history.ok(id, null);
            case WRITTEN -> history.ok(id, cas == null ? null : Boolean.TRUE);
            case REJECTED -> history.ok(id, Boolean.FALSE);
            case UNAVAILABLE -> history.info(id);
        }
    }

    private Void pauser(long until) throws InterruptedException {
        Random random = new Random(42);
        while (System.nanoTime() < until) {
            Thread.sleep(200 + random.nextInt(300));
            String node = cluster.id(random.nextInt(cluster.size()));
            cluster.network.pause(node);
            Thread.sleep(200 + random.nextInt(600));
            cluster.network.resume(node);
        }
        return null;
    }
}
