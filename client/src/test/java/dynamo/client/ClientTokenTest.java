package dynamo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The builder's tokens reach the nodes as bearer headers (the API's and the admin port's apart); a 401 is final. */
class ClientTokenTest {
    private static final String HELLO = "{\"key\":\"aw==\",\"value\":{\"version\":\"v1\",\"values\":[\"aGVsbG8=\"]}}";
    private static final String RING = "{\"epoch\":1,\"replicas\":1,\"partitioner\":\"md5\",\"nodes\":[{\"id\":\"a\","
            + "\"url\":\"%s\",\"adminUrl\":\"%s\",\"tokens\":[\"0\"],\"seemsUp\":true}]}";
    private static final String UNAUTHORIZED = "{\"error\":\"missing or wrong bearer token\"}";

    private FakeNode a;
    private FakeNode b;

    @BeforeEach
    void start() throws Exception {
        a = FakeNode.start("a");
        b = FakeNode.start("b");
        a.ring(RING.formatted(a.url(), a.url()));
    }

    @AfterEach
    void stop() {
        a.stop();
        b.stop();
    }

    @Test
    void theApiTokenGoesWithEveryRequestAndTheAdminTokenWithTheRingRead() throws Exception {
        a.answer(request -> request.method().equals("PUT") ? FakeNode.Answer.of(200, "{\"success\":true,\"version\":\"v2\"}")
                : request.path().startsWith("/storage/*") ? FakeNode.Answer.of(200, "[" + HELLO + "]")
                : FakeNode.Answer.of(200, HELLO));
        try (DynamoClient client = DynamoClient.builder().seeds(a.url()).adminSeeds(a.url())
                .token("api-1").adminToken("admin-2").build()) {
            client.get("k");
            client.putAsync("k", "v").get();
            try (Stream<Entry> all = client.scan()) {
                assertThat(all.count()).isEqualTo(1);
            }
        }
        assertThat(a.authorizations()).filteredOn(line -> line.startsWith("/ring ")).isNotEmpty()
                .allMatch(line -> line.equals("/ring Bearer admin-2"));
        assertThat(a.authorizations()).filteredOn(line -> line.startsWith("/storage")).hasSize(3)
                .allMatch(line -> line.endsWith(" Bearer api-1"));
    }

    @Test
    void theApiTokenAlsoServesTheAdminPortUnlessItHasItsOwn() {
        try (DynamoClient client = DynamoClient.builder().seeds(a.url()).adminSeeds(a.url()).token("only").build()) {
            client.get("k");
        }
        assertThat(a.authorizations()).isNotEmpty().allMatch(line -> line.endsWith(" Bearer only"));
    }

    @Test
    void withoutATokenNoHeaderIsSent() {
        try (DynamoClient client = DynamoClient.builder().seeds(a.url()).routing(Routing.FIXED_NODE).build()) {
            client.get("k");
        }
        assertThat(a.authorizations()).containsExactly("/storage/aw -");
    }

    @Test
    void a401IsRefusedNotUnknownAndNotTriedElsewhere() {
        a.answerAll(401, UNAUTHORIZED);
        b.answerAll(200, HELLO);
        try (DynamoClient client = DynamoClient.builder().seeds(a.url(), b.url()).routing(Routing.FIXED_NODE)
                .requestTimeout(Duration.ofSeconds(2)).build()) {
            assertThatThrownBy(() -> client.put("k", "v")).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("401").hasMessageContaining("bearer token");
            assertThatThrownBy(() -> client.get("k")).isInstanceOf(InvalidRequestException.class);
        }
        assertThat(b.received()).isEmpty();
    }

    @Test
    void aTokenWithSpacesIsRefusedAtBuildTime() {
        assertThatThrownBy(() -> DynamoClient.builder().seeds(a.url()).token("two words").build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
