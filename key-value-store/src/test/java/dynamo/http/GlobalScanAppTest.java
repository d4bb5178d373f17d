package dynamo.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dynamo.node.DynamoApplication;
import dynamo.node.DynamoConfiguration;
import dynamo.node.TestNodeConfig;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /storage/*} through the real HTTP stack of in-JVM nodes: a scan of several pages
 * streams every key once in order, and a ring range with no replica that answers gives a 503
 * with a JSON error, not a 200 with part of the store.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class GlobalScanAppTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Alone in its ring: it replicates every key. */
    private static final DropwizardAppExtension<DynamoConfiguration> ALONE =
            new DropwizardAppExtension<>(DynamoApplication.class, TestNodeConfig.node1());
    /** node2 and node3 are in its ring (N = 1) but never run: their ranges have no live replica. */
    private static final DropwizardAppExtension<DynamoConfiguration> WITH_ABSENT_PEERS =
            new DropwizardAppExtension<>(DynamoApplication.class, TestNodeConfig.node1("node2", "node3"));

    @Test
    void aScanOfSeveralPagesStreamsEveryKeyOnceInUnsignedKeyOrder() throws Exception {
        String base = "http://127.0.0.1:" + ALONE.getLocalPort() + "/storage/";
        for (int first = 0; first < 1_300; first += 50) { // 50 at a time: enough to be quick, few enough for W's deadline
            List<CompletableFuture<HttpResponse<String>>> puts = IntStream.range(first, first + 50).mapToObj(i -> HTTP.sendAsync(
                    HttpRequest.newBuilder(URI.create(base)).header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + b64(String.format("key-%05d", i))
                                    + "\",\"value\":\"" + b64("v" + i) + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString())).toList();
            assertThat(puts.stream().map(CompletableFuture::join).map(HttpResponse::body)).allMatch(b -> b.contains("\"success\":true"));
        }

        HttpResponse<String> scan = HTTP.send(HttpRequest.newBuilder(URI.create(base + "*")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(scan.statusCode()).isEqualTo(200);
        assertThat(scan.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        List<String> keys = new ArrayList<>();
        JSON.readTree(scan.body()).forEach(e -> keys.add(text(e.path("key").asText())));
        assertThat(keys).hasSize(1_300).doesNotHaveDuplicates().isSorted().contains("key-00000", "key-01299");
        assertThat(JSON.readTree(scan.body()).get(7).path("value").path("values").get(0).asText()).isEqualTo(b64("v7"));
    }

    @Test
    void aRangeWithoutALiveReplicaAnswers503WithAJsonError() throws Exception {
        String url = "http://127.0.0.1:" + WITH_ABSENT_PEERS.getLocalPort() + "/storage/*";

        HttpResponse<String> scan = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(scan.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(scan.body());
        assertThat(body.path("error").asText()).contains("no replica of a ring range answered");
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
