package dynamo.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dynamo.node.DynamoApplication;
import dynamo.node.DynamoConfiguration;
import dynamo.node.TestNodeConfig;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client API of the README's "Using it" through one in-JVM node (N = R = W = 1, small key and
 * value limits): every endpoint with its status, JSON body and node headers, binary keys and values
 * in both base64 alphabets, and every class of bad input answered with its documented status and a
 * JSON {@code {"error": ...}} (and nothing written).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class StorageApiAppTest {
    private static final int MAX_KEY_BYTES = 64;
    private static final int MAX_VALUE_BYTES = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** The key every bad put names: it must still be absent after each of them. */
    private static final String NEVER_WRITTEN = b64("never written");

    private static final DropwizardAppExtension<DynamoConfiguration> NODE =
            new DropwizardAppExtension<>(DynamoApplication.class, config());

    // ---- resources ----

    @Test
    void aPutAnswersItsVersionAndAGetByTheUrlSafeAlphabetReturnsTheValueWithIt() throws Exception {
        HttpResponse<String> put = put("{\"key\":\"" + b64("user:42") + "\",\"value\":\"" + b64("hello") + "\"}");

        JsonNode written = okJson(put, 200);
        assertThat(fieldNames(written)).containsExactly("success", "version");
        assertThat(written.get("success").asBoolean()).isTrue();
        String version = written.get("version").asText();
        assertThat(version).isNotBlank();

        HttpResponse<String> get = get("/storage/dXNlcjo0Mg"); // "user:42", URL-safe, no padding
        JsonNode read = okJson(get, 200);
        assertThat(read).isEqualTo(keyBody("dXNlcjo0Mg==", version, b64("hello")));
    }

    @Test
    void binaryKeysAndValuesRoundTripInBothAlphabetsAndAnswerInTheStandardOne() throws Exception {
        byte[] key = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 0x00, (byte) 0xc0, (byte) 0xaf, (byte) 0x80};
        byte[] value = new byte[256];
        IntStream.range(0, 256).forEach(i -> value[i] = (byte) (255 - i));
        String standardKey = Base64.getEncoder().encodeToString(key);
        assertThat(standardKey).isEqualTo("+/+/AMCvgA==").contains("+", "/", "="); // the characters a path must escape
        Base64.Encoder urlSafe = Base64.getUrlEncoder().withoutPadding();

        JsonNode written = okJson(put("{\"key\":\"" + urlSafe.encodeToString(key) + "\",\"value\":\""
                + urlSafe.encodeToString(value) + "\"}"), 200);
        assertThat(written.get("success").asBoolean()).isTrue();

        for (String path : List.of("/storage/%2B%2F%2B%2FAMCvgA%3D%3D", "/storage/" + urlSafe.encodeToString(key))) {
            JsonNode read = okJson(get(path), 200);
            assertThat(read.get("key").asText()).as(path).isEqualTo(standardKey);
            assertThat(read.at("/value/values")).as(path).hasSize(1);
            assertThat(Base64.getDecoder().decode(read.at("/value/values/0").asText())).as(path).isEqualTo(value);
            assertThat(read.at("/value/version").asText()).as(path).isEqualTo(written.get("version").asText());
        }
    }

    @Test
    void aConditionalPutWinsFromTheVersionReadAndLosesFromAStaleOne() throws Exception {
        String key = b64("conditional");
        String v1 = okJson(put(putBody(key, b64("v1"), null)), 200).get("version").asText();

        JsonNode second = okJson(put(putBody(key, b64("v2"), v1)), 200);
        assertThat(second.get("success").asBoolean()).isTrue();
        String v2 = second.get("version").asText();
        assertThat(v2).isNotBlank().isNotEqualTo(v1);

        HttpResponse<String> stale = put(putBody(key, b64("v3"), v1));
        assertThat(okJson(stale, 200)).as("a lost conditional put: 200 with success false only")
                .isEqualTo(JSON.readTree("{\"success\":false}"));
        assertThat(okJson(get("/storage/" + key), 200)).isEqualTo(keyBody(key, v2, b64("v2")));

        JsonNode fromCurrent = okJson(put(putBody(key, b64("v4"), v2)), 200);
        assertThat(fromCurrent.get("success").asBoolean()).isTrue();
        JsonNode unconditional = okJson(put(putBody(key, b64("v5"), "")), 200); // "" = unconditional
        assertThat(unconditional.get("success").asBoolean()).isTrue();
        assertThat(okJson(get("/storage/" + key), 200))
                .isEqualTo(keyBody(key, unconditional.get("version").asText(), b64("v5")));
    }

    @Test
    void aDeletedKeyAnswers404WithTheGetShapeAsAnAbsentOneDoes() throws Exception {
        String key = b64("deleted");
        okJson(put(putBody(key, b64("soon gone"), null)), 200);

        JsonNode deleted = okJson(put(putBody(key, "", null)), 200);
        assertThat(deleted.get("success").asBoolean()).isTrue();

        assertThat(okJson(get("/storage/" + key), 404)).isEqualTo(keyBody(key, "", null));
        assertThat(okJson(get("/storage/" + b64("absent")), 404)).isEqualTo(keyBody(b64("absent"), "", null));
    }

    @Test
    void quorumSizesAreTakenPerRequest() throws Exception {
        String key = b64("quorums");
        JsonNode written = okJson(put("{\"key\":\"" + key + "\",\"value\":\"" + b64("q") + "\",\"minNumWrites\":1}"), 200);
        assertThat(written.get("success").asBoolean()).isTrue();

        assertThat(okJson(get("/storage/" + key + "?minNumReads=1"), 200))
                .isEqualTo(keyBody(key, written.get("version").asText(), b64("q")));
    }

    @Test
    void aPutWithAFieldTheBodyDoesNotHaveIsRefusedAndWritesNothing() throws Exception {
        String key = b64("extra field");
        HttpResponse<String> refused = put("{\"key\":\"" + key + "\",\"value\":\"" + b64("x") + "\",\"minNumWrite\":1}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).get("error").asText())
                .isEqualTo("malformed JSON body: unknown field \"minNumWrite\" (a put takes fromVersion, key, minNumWrites, value)");
        assertThat(get("/storage/" + key).statusCode()).isEqualTo(404);
    }

    @Test
    void localAndGlobalScansListEveryLivePairOnceWithItsVersion() throws Exception {
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        for (String name : List.of("scan-a", "scan-b", "scan-c")) {
            String version = okJson(put(putBody(b64(name), b64("value of " + name), null)), 200).get("version").asText();
            expected.put(name, keyBody(b64(name), version, b64("value of " + name)));
        }
        okJson(put(putBody(b64("scan-b"), "", null)), 200);
        expected.remove("scan-b");

        for (String scan : List.of("@", "*")) {
            JsonNode all = okJson(get("/storage/" + scan), 200);
            assertThat(all.isArray()).as(scan).isTrue();
            List<String> keys = new ArrayList<>();
            Map<String, JsonNode> ours = new LinkedHashMap<>();
            for (JsonNode entry : all) {
                String name = new String(Base64.getDecoder().decode(entry.get("key").asText()), StandardCharsets.UTF_8);
                keys.add(name);
                if (name.startsWith("scan-")) {
                    ours.put(name, entry);
                }
            }
            assertThat(keys).as(scan).doesNotHaveDuplicates();
            assertThat(ours).as(scan).isEqualTo(expected);
        }
    }

    @Test
    void everyAnswerCarriesTheRingEpochThatTheAdminRingShows() throws Exception {
        long epoch = JSON.readTree(send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + NODE.getAdminPort() + "/ring")).GET()).body()).get("epoch").asLong();
        assertThat(epoch).isEqualTo(1);

        HttpResponse<String> get = get("/storage/" + b64("absent"));
        assertThat(get.headers().firstValue(NodeHeaders.RING_EPOCH)).contains(Long.toString(epoch));
        assertThat(get.headers().firstValue(NodeHeaders.NODE)).contains("node1");
    }

    // ---- error mappers ----

    /** Each bad request, the status the README gives for it and a word of the message that names the cause. */
    static Stream<Arguments> badRequests() {
        String key = NEVER_WRITTEN;
        String value = b64("v");
        String keyAndValue = "\"key\":\"" + key + "\",\"value\":\"" + value + "\"";
        return Stream.of(
                bad("malformed JSON", putRequest("{\"key\":"), 400, "malformed JSON body: "),
                bad("trailing data after the JSON", putRequest("{" + keyAndValue + "} x"), 400, "malformed JSON"),
                bad("a JSON array for a body", putRequest("[\"" + key + "\"]"), 400, "malformed JSON body: expected one JSON object"),
                bad("a body that is not UTF-8 (an over-long '/')", putBytes(concat("{\"key\":\"" + key + "\",\"value\":\"",
                        new byte[] {(byte) 0xc0, (byte) 0xaf}, "\"}")), 400, "not valid UTF-8"),
                bad("a key of JSON type number", putRequest("{\"key\":12,\"value\":\"" + value + "\"}"), 400,
                        "malformed JSON body: \"key\" must be a JSON string"),
                bad("a value of JSON type boolean", putRequest("{\"key\":\"" + key + "\",\"value\":true}"), 400,
                        "malformed JSON"),
                bad("a fromVersion of JSON type number", putRequest("{" + keyAndValue + ",\"fromVersion\":5}"), 400,
                        "malformed JSON"),
                bad("minNumWrites as a JSON string", putRequest("{" + keyAndValue + ",\"minNumWrites\":\"1\"}"), 400,
                        "malformed JSON body: \"minNumWrites\" must be a JSON integer"),
                bad("minNumWrites as a float", putRequest("{" + keyAndValue + ",\"minNumWrites\":2.7}"), 400,
                        "malformed JSON body: \"minNumWrites\" must be a JSON integer"),
                bad("no body", request("PUT", "/storage/", "application/json", BodyPublishers.noBody()), 400,
                        "missing JSON body"),
                bad("missing key", putRequest("{\"value\":\"" + value + "\"}"), 400, "missing key"),
                bad("empty key", putRequest("{\"key\":\"\",\"value\":\"" + value + "\"}"), 400, "missing key"),
                bad("missing value", putRequest("{\"key\":\"" + key + "\"}"), 400, "missing value"),
                bad("key not base64", putRequest(putBody("a2V5!", value, null)), 400, "key is not valid base64"),
                bad("value not base64", putRequest(putBody(key, "d", null)), 400, "value is not valid base64"),
                bad("key not base64 in a get", getRequest("/storage/a2V5eQ="), 400, "key is not valid base64"),
                bad("key over maxKeyBytes in a put", putRequest(putBody(b64bytes(MAX_KEY_BYTES + 1), value, null)), 400,
                        "key longer than the limit of " + MAX_KEY_BYTES),
                bad("key over maxKeyBytes in a get", getRequest("/storage/" + b64url(MAX_KEY_BYTES + 1)), 400,
                        "key longer than the limit of " + MAX_KEY_BYTES),
                bad("value over maxValueBytes", putRequest(putBody(key, b64bytes(MAX_VALUE_BYTES + 1), null)), 413,
                        "value larger than the limit of " + MAX_VALUE_BYTES),
                bad("minNumWrites 0", putRequest("{" + keyAndValue + ",\"minNumWrites\":0}"), 400, "between 1 and N=1"),
                bad("minNumWrites over N", putRequest("{" + keyAndValue + ",\"minNumWrites\":2}"), 400, "between 1 and N=1"),
                bad("minNumReads 0", getRequest("/storage/" + key + "?minNumReads=0"), 400, "between 1 and N=1"),
                bad("minNumReads over N", getRequest("/storage/" + key + "?minNumReads=2"), 400, "between 1 and N=1"),
                bad("minNumReads not a number", getRequest("/storage/" + key + "?minNumReads=two"), 400, "must be an integer"),
                bad("malformed fromVersion", putRequest(putBody(key, value, "AQAG")), 400, "fromVersion"),
                bad("DELETE of a key", request("DELETE", "/storage/" + key, null, BodyPublishers.noBody()), 405,
                        "Method Not Allowed"),
                bad("POST of a put", request("POST", "/storage/", "application/json",
                        BodyPublishers.ofString(putBody(key, value, null))), 405, "Method Not Allowed"),
                bad("GET of the put path", getRequest("/storage/"), 405, "Method Not Allowed"),
                bad("a path outside the API", getRequest("/nothing/here"), 404, "Not Found"),
                bad("a path below a key", getRequest("/storage/" + key + "/more"), 404, "Not Found"),
                bad("a text/plain body", request("PUT", "/storage/", "text/plain",
                        BodyPublishers.ofString(putBody(key, value, null))), 415, "Unsupported Media Type"),
                bad("a JSON body in ISO-8859-1", request("PUT", "/storage/", "application/json; charset=ISO-8859-1",
                        BodyPublishers.ofString(putBody(key, value, null))), 415, "UTF-8"),
                bad("a get that accepts only HTML", getRequest("/storage/" + key).header("Accept", "text/html"), 406,
                        "Not Acceptable"),
                bad("a put that accepts only text", putRequest(putBody(key, value, null)).header("Accept", "text/plain"),
                        406, "Not Acceptable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputGetsItsStatusAndAJsonErrorAndWritesNothing(String what, HttpRequest.Builder request, int status,
            String cause) throws Exception {
        HttpResponse<String> answer = send(request);

        assertThat(jsonError(answer, status)).as(what).contains(cause)
                .doesNotContain("dynamo.", "java.", "Cannot deserialize", "Coercion"); // our internals are not the client's
        assertNodeHeaders(answer);
        if (status == 405) {
            assertThat(answer.headers().firstValue("Allow")).as("a 405 names the methods the path takes").isPresent();
        }
        assertThat(get("/storage/" + NEVER_WRITTEN).statusCode()).as("after: %s", what).isEqualTo(404);
    }

    @Test
    void whatJettyRefusesBeforeTheApiIsAJsonErrorWithoutNodeHeaders() throws Exception {
        HttpResponse<String> longUri = send(getRequest("/storage/" + "a".repeat(9_000)));
        assertThat(jsonError(longUri, 414)).isNotBlank();
        assertThat(longUri.headers().firstValue(NodeHeaders.NODE)).isEmpty();

        HttpResponse<String> bigHeader = send(getRequest("/storage/" + NEVER_WRITTEN).header("X-Padding", "p".repeat(9_000)));
        assertThat(jsonError(bigHeader, 431)).isNotBlank();
        assertThat(bigHeader.headers().firstValue(NodeHeaders.NODE)).isEmpty();
    }

    // ---- helpers ----

    private static Arguments bad(String what, HttpRequest.Builder request, int status, String cause) {
        return Arguments.of(what, request, status, cause);
    }

    /** The body of a JSON answer with this status, after the checks every API answer passes. */
    private static JsonNode okJson(HttpResponse<String> answer, int status) throws IOException {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertNodeHeaders(answer);
        return JSON.readTree(answer.body());
    }

    /** The message of an error answer: this status, labelled JSON, a body that is {"error": "..."} and nothing else. */
    private static String jsonError(HttpResponse<String> answer, int status) throws IOException {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = JSON.readTree(answer.body());
        assertThat(fieldNames(body)).as(answer.body()).containsExactly("error");
        assertThat(body.get("error").isTextual()).as(answer.body()).isTrue();
        return body.get("error").asText();
    }

    private static void assertNodeHeaders(HttpResponse<String> answer) {
        assertThat(answer.headers().firstValue(NodeHeaders.NODE)).as("X-Dynamo-Node").contains("node1");
        assertThat(answer.headers().firstValue(NodeHeaders.RING_EPOCH)).as("X-Dynamo-Ring-Epoch").contains("1");
    }

    /** {"key": key, "value": {"version": version, "values": [value]}}, or values [] for a null value. */
    private static JsonNode keyBody(String key, String version, String value) {
        ObjectNode body = JSON.createObjectNode().put("key", key);
        ObjectNode versioned = body.putObject("value").put("version", version);
        var values = versioned.putArray("values");
        if (value != null) {
            values.add(value);
        }
        return body;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String putBody(String key, String value, String fromVersion) {
        return "{\"key\":\"" + key + "\",\"value\":\"" + value + "\""
                + (fromVersion == null ? "" : ",\"fromVersion\":\"" + fromVersion + "\"") + "}";
    }

    private static HttpResponse<String> put(String body) throws Exception {
        return send(putRequest(body));
    }

    private static HttpRequest.Builder putRequest(String body) {
        return request("PUT", "/storage/", "application/json", BodyPublishers.ofString(body));
    }

    private static HttpRequest.Builder putBytes(byte[] body) {
        return request("PUT", "/storage/", "application/json", BodyPublishers.ofByteArray(body));
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        byte[] end = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[start.length + middle.length + end.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(middle, 0, all, start.length, middle.length);
        System.arraycopy(end, 0, all, start.length + middle.length, end.length);
        return all;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send(getRequest(path));
    }

    private static HttpRequest.Builder getRequest(String path) {
        return request("GET", path, null, BodyPublishers.noBody());
    }

    private static HttpRequest.Builder request(String method, String path, String contentType, BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE.getLocalPort() + path))
                .method(method, body);
        return contentType == null ? request : request.header("Content-Type", contentType);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64bytes(int length) {
        return Base64.getEncoder().encodeToString(new byte[length]);
    }

    private static String b64url(int length) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[length]);
    }

    /** One node alone in its ring, small limits, its data under target/. */
    private static DynamoConfiguration config() {
        DynamoConfiguration config = TestNodeConfig.node1();
        try {
            Files.delete(Path.of(config.dataDir)); // TestNodeConfig's empty temp directory: ours lives under target/
            Path parent = Files.createDirectories(Path.of("target", "app-tests"));
            config.dataDir = Files.createTempDirectory(parent, "storage-api-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.maxKeyBytes = MAX_KEY_BYTES;
        config.maxValueBytes = MAX_VALUE_BYTES;
        return config;
    }
}
