package dynamo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dynamo.client.FakeNode.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What each answer of a node (status, timeout, refused connection) comes to, blocking and async. */
class OutcomeMappingTest {
    private static final String HELLO = "{\"key\":\"aw==\",\"value\":{\"version\":\"v1\",\"values\":[\"aGVsbG8=\"]}}";
    private static final String WRITTEN = "{\"success\":true,\"version\":\"v2\"}";
    private static final long HANG_MILLIS = 1500;

    private FakeNode a;
    private FakeNode b;
    private FakeNode c;
    private DynamoClient client;

    @BeforeEach
    void start() throws Exception {
        a = FakeNode.start("a");
        b = FakeNode.start("b");
        c = FakeNode.start("c");
        client = clientOf(a, b, c);
    }

    private static DynamoClient clientOf(FakeNode... nodes) {
        return DynamoClient.builder().seeds(Stream.of(nodes).map(FakeNode::url).toList())
                .routing(Routing.FIXED_NODE).requestTimeout(Duration.ofMillis(300)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        a.stop();
        b.stop();
        c.stop();
    }

    private static Answer hang(int status, String body) {
        return new Answer(status, body, HANG_MILLIS);
    }

    private static Throwable cause(CompletableFuture<?> future) {
        assertThatThrownBy(future::join).isInstanceOf(CompletionException.class);
        return future.handle((value, error) -> error instanceof CompletionException ? error.getCause() : error).join();
    }

    // --- gets ----------------------------------------------------------------------------

    @Test
    void a200IsFoundWithValueVersionAndNodeAndTheKeyTravelsUrlSafeInThePath() {
        a.answerAll(200, HELLO);
        byte[] key = {(byte) 0xfb, (byte) 0xff, 0x3e};
        GetResult result = client.get(key);
        assertThat(result.found()).isTrue();
        assertThat(result.text()).isEqualTo("hello");
        assertThat(result.version()).isEqualTo("v1");
        assertThat(result.node()).isEqualTo("a");
        assertThat(a.received()).extracting(FakeNode.Request::path).containsExactly("/storage/-_8-");
    }

    @Test
    void a404IsAbsentAndNotRetried() {
        GetResult result = client.get("k");
        assertThat(result.found()).isFalse();
        assertThat(result.text()).isNull();
        assertThat(b.received()).isEmpty();
    }

    @Test
    void minNumReadsGoesInTheQuery() {
        client.get("k", 3);
        assertThat(a.received().get(0).path()).isEqualTo("/storage/aw?minNumReads=3");
    }

    @Test
    void a400IsInvalidWithTheServersMessageAndNotRetried() {
        a.answerAll(400, "{\"error\":\"minNumReads must be between 1 and 3\"}");
        assertThatThrownBy(() -> client.get("k", 3))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.serverMessage()).isEqualTo("minNumReads must be between 1 and 3");
                });
        assertThat(b.received()).isEmpty();
    }

    @Test
    void a503IsRetriedOnceOnAnotherNode() {
        a.answerAll(503, "{\"error\":\"no quorum\"}");
        b.answerAll(200, HELLO);
        GetResult result = client.get("k");
        assertThat(result.text()).isEqualTo("hello");
        assertThat(result.node()).isEqualTo("b");
        assertThat(a.received()).hasSize(1);
        assertThat(b.received()).hasSize(1);
    }

    @Test
    void twoFailedNodesMakeAGetUnavailableAndAThirdIsNotAsked() {
        a.answerAll(503, "{\"error\":\"no quorum\"}");
        b.answerAll(500, "{\"error\":\"internal error\"}");
        c.answerAll(200, HELLO);
        assertThatThrownBy(() -> client.get("k")).isInstanceOf(UnavailableException.class)
                .hasMessageContaining("500");
        assertThat(c.received()).isEmpty();
    }

    @Test
    void aGetThatTimesOutIsRetriedOnAnotherNode() {
        a.answer(request -> hang(200, HELLO));
        b.answerAll(200, HELLO);
        assertThat(client.get("k").node()).isEqualTo("b");
    }

    @Test
    void aRefusedConnectionIsSkippedWithoutUsingUpTheRetry() {
        a.stop();
        b.answerAll(503, "{\"error\":\"no quorum\"}");
        c.answerAll(200, HELLO);
        assertThat(client.get("k").node()).isEqualTo("c");
    }

    // --- writes ----------------------------------------------------------------------------

    @Test
    void aPutSendsStandardBase64AndNoFromVersionAndIsWritten() {
        a.answerAll(200, WRITTEN);
        WriteResult result = client.put(new byte[] {(byte) 0xfb, (byte) 0xff}, "v".getBytes(StandardCharsets.UTF_8));
        assertThat(result.written()).isTrue();
        assertThat(result.version()).isEqualTo("v2");
        assertThat(result.node()).isEqualTo("a");
        assertThat(a.received().get(0).method()).isEqualTo("PUT");
        assertThat(a.received().get(0).path()).isEqualTo("/storage/");
        assertThat(a.received().get(0).body()).isEqualTo("{\"key\":\"+/8=\",\"value\":\"dg==\"}");
    }

    @Test
    void aConditionalPutSendsItsVersionAndQuorumAndIsRejectedBySuccessFalse() {
        a.answerAll(200, "{\"success\":false}");
        WriteResult result = client.putIfVersion("k", "v", "AQID", 3);
        assertThat(result.rejected()).isTrue();
        assertThat(a.received().get(0).body()).contains("\"fromVersion\":\"AQID\"").contains("\"minNumWrites\":3");
    }

    @Test
    void aDeleteIsAPutOfTheEmptyValue() {
        a.answerAll(200, WRITTEN);
        assertThat(client.delete("k").written()).isTrue();
        assertThat(a.received().get(0).body()).isEqualTo("{\"key\":\"aw==\",\"value\":\"\"}");
    }

    @Test
    void a503OnAWriteIsUnknownAndNeverReplayed() {
        a.answerAll(503, "{\"error\":\"no quorum before the deadline\"}");
        b.answerAll(200, WRITTEN);
        assertThatThrownBy(() -> client.put("k", "v")).isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("503").hasMessageContaining("no quorum before the deadline");
        assertThat(b.received()).isEmpty();
    }

    @Test
    void aWriteThatTimesOutIsUnknownAndNeverReplayed() throws Exception {
        a.answer(request -> hang(200, WRITTEN));
        b.answerAll(200, WRITTEN);
        assertThatThrownBy(() -> client.putIfVersion("k", "v", "AQID")).isInstanceOf(OutcomeUnknownException.class);
        Thread.sleep(HANG_MILLIS);
        assertThat(a.received()).hasSize(1);
        assertThat(b.received()).isEmpty();
        assertThat(c.received()).isEmpty();
    }

    @Test
    void a413IsInvalid() {
        a.answerAll(413, "{\"error\":\"value of 5000000 bytes is over the limit of 4194304\"}");
        assertThatThrownBy(() -> client.put("k", "v")).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void aWriteGoesToTheNextNodeOnlyWhileItCouldNotBeSent() {
        a.stop();
        b.answerAll(200, WRITTEN);
        assertThat(client.put("k", "v").node()).isEqualTo("b");
    }

    @Test
    void aWriteNoNodeAcceptedIsUnavailableNotUnknown() {
        a.stop();
        b.stop();
        c.stop();
        assertThatThrownBy(() -> client.put("k", "v")).isInstanceOf(UnavailableException.class)
                .hasMessageContaining("not applied");
    }

    @Test
    void aConditionalPutNeedsAVersion() {
        assertThatThrownBy(() -> client.putIfVersion("k", "v", "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(a.received()).isEmpty();
    }

    // --- async -----------------------------------------------------------------------------

    @Test
    void asyncOperationsMapOutcomesTheSameWay() {
        a.answer(request -> request.method().equals("GET") ? Answer.of(503, "{\"error\":\"x\"}")
                : Answer.of(503, "{\"error\":\"no quorum\"}"));
        b.answerAll(200, HELLO);
        assertThat(client.getAsync("k").join().node()).isEqualTo("b");
        assertThat(cause(client.putAsync("k", "v"))).isInstanceOf(OutcomeUnknownException.class);
        assertThat(b.received()).extracting(FakeNode.Request::method).containsExactly("GET");
    }

    @Test
    void anAsyncWriteThatTimesOutIsUnknown() {
        a.answer(request -> hang(200, WRITTEN));
        assertThat(cause(client.deleteAsync("k"))).isInstanceOf(OutcomeUnknownException.class);
        assertThat(b.received()).isEmpty();
    }

    @Test
    void asyncResultsAndInvalidRequests() {
        a.answer(request -> request.method().equals("GET") ? Answer.of(200, HELLO)
                : Answer.of(400, "{\"error\":\"malformed fromVersion\"}"));
        assertThat(client.getAsync("k", 2).join().text()).isEqualTo("hello");
        assertThat(cause(client.putIfVersionAsync("k", "v", "zz"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("malformed fromVersion");
    }

    // --- scans -----------------------------------------------------------------------------

    @Test
    void aScanStreamsEveryElement() {
        String k1 = Base64.getEncoder().encodeToString("k1".getBytes(StandardCharsets.UTF_8));
        a.answerAll(200, "[{\"key\":\"" + k1 + "\",\"value\":{\"version\":\"v\",\"values\":[\"aGVsbG8=\"]}},"
                + "{\"key\":\"azI=\",\"value\":{\"version\":\"w\",\"values\":[]}}]");
        try (Stream<Entry> entries = client.scan()) {
            List<Entry> all = entries.toList();
            assertThat(all).extracting(Entry::keyText).containsExactly("k1", "k2");
            assertThat(all.get(0).text()).isEqualTo("hello");
            assertThat(all.get(1).live()).isFalse();
        }
        assertThat(a.received().get(0).path()).isEqualTo("/storage/*");
    }

    @Test
    void aScanAFailingNodeAnswersIsTriedOnAnother() {
        a.answerAll(503, "{\"error\":\"x\"}");
        b.answerAll(200, "[]");
        try (Stream<Entry> entries = client.scan()) {
            assertThat(entries).isEmpty();
        }
        assertThat(b.received()).hasSize(1);
    }

    @Test
    void aScanThatBreaksOffIsUnavailable() {
        a.answerAll(200, "[{\"key\":\"azE=\",\"value\":{\"version\":\"v\",\"values\":[\"aGVsbG8=\"]}},{\"key\":");
        List<Entry> seen = new CopyOnWriteArrayList<>();
        try (Stream<Entry> entries = client.scan()) {
            assertThatThrownBy(() -> entries.forEach(seen::add)).isInstanceOf(UnavailableException.class);
        }
        assertThat(seen).hasSize(1);
    }

    @Test
    void aNodesOwnPairsComeFromItsAtScan() {
        b.answerAll(200, "[]");
        try (Stream<Entry> entries = client.scanNode(b.url())) {
            assertThat(entries).isEmpty();
        }
        assertThat(b.received()).extracting(FakeNode.Request::path).containsExactly("/storage/@");
        assertThat(a.received()).isEmpty();
    }

    @Test
    void scanAsyncCountsWhatItFeeds() {
        a.answerAll(200, "[{\"key\":\"azE=\",\"value\":{\"version\":\"v\",\"values\":[\"aGVsbG8=\"]}}]");
        List<String> keys = new CopyOnWriteArrayList<>();
        assertThat(client.scanAsync(entry -> keys.add(entry.keyText())).join()).isEqualTo(1);
        assertThat(keys).containsExactly("k1");
    }

    @Test
    void aPinnedClientSendsEverythingToItsNode() {
        b.answerAll(200, HELLO);
        try (DynamoClient pinned = client.pinnedTo(b.url())) {
            assertThat(pinned.get("k").node()).isEqualTo("b");
            assertThat(pinned.routing()).isEqualTo(Routing.FIXED_NODE);
        }
        assertThat(a.received()).isEmpty();
        assertThat(client.get("k").node()).as("closing a pinned client leaves the shared one open").isEqualTo("a");
    }
}
