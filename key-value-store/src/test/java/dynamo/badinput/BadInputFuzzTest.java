package dynamo.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dynamo.node.DynamoApplication;
import dynamo.node.DynamoConfiguration;
import dynamo.node.TestNodeConfig;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sends 10,000 generated bad requests to one in-JVM node (N = R = W = 1) and checks the API's
 * promise for bad input: never a 5xx, every 4xx a JSON {@code {"error": "..."}} (a 404 of a
 * well-formed read of an absent key has the GET shape), and the stored data unchanged. The seed
 * is printed; {@code -Dfuzz.seed=S} replays a run, {@code -Dfuzz.requests=N} changes its length.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BadInputFuzzTest {
    private static final int MAX_KEY_BYTES = 1024;
    private static final int MAX_VALUE_BYTES = 64 * 1024;
    private static final int KNOWN_KEYS = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final DropwizardAppExtension<DynamoConfiguration> APP =
            new DropwizardAppExtension<>(DynamoApplication.class, singleNode());

    @Test
    void badRequestsGetCleanJsonErrorsAndChangeNothing() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int count = Integer.getInteger("fuzz.requests", 10_000);
        System.out.println("BadInputFuzzTest seed=" + seed + " (replay: -Dfuzz.seed=" + seed + ")");
        RawHttp http = new RawHttp(APP.getLocalPort());
        List<String> keys = IntStream.range(0, KNOWN_KEYS).mapToObj(i -> b64("known-" + i)).toList();
        for (String key : keys) {
            String body = "{\"key\":\"" + key + "\",\"value\":\"" + b64("value of " + key) + "\"}";
            assertThat(http.send(put(body)).status()).as("writing known key %s", key).isEqualTo(200);
        }
        Map<String, String> before = snapshot(http, keys);

        BadRequests requests = new BadRequests(seed, keys, MAX_KEY_BYTES, MAX_VALUE_BYTES);
        Map<String, Map<Integer, Integer>> statusesByKind = new TreeMap<>();
        Map<String, Integer> problems = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BadRequest request = requests.next();
            RawHttp.Answer answer = http.send(request.bytes());
            statusesByKind.computeIfAbsent(request.kind(), k -> new TreeMap<>()).merge(answer.status(), 1, Integer::sum);
            String problem = problem(request, answer);
            if (problem != null) {
                problems.merge(request.kind() + ": " + problem + " (" + answer.status() + ")", 1, Integer::sum);
            }
            if (problem != null && failures.size() < 20) {
                failures.add("#" + i + " " + problem + "\n    request: " + request.preview()
                        + "\n    answer: " + answer.status() + " " + answer.contentType() + " "
                        + abbreviate(answer.bodyText()));
            }
        }
        System.out.println("BadInputFuzzTest statuses by kind: " + statusesByKind);
        System.out.println("BadInputFuzzTest problems: " + problems);

        assertThat(failures).as("seed %d", seed).isEmpty();
        assertThat(snapshot(http, keys)).as("known keys after the fuzz, seed %d", seed).isEqualTo(before);
        assertThat(keysOf(http, "*")).as("keys of * after the fuzz, seed %d", seed).containsExactlyInAnyOrderElementsOf(
                keys.stream().map(k -> new String(Base64.getDecoder().decode(k), StandardCharsets.UTF_8)).toList());
        assertThat(keysOf(http, "@")).as("keys stored after the fuzz, seed %d", seed).containsExactlyInAnyOrderElementsOf(
                keys.stream().map(k -> new String(Base64.getDecoder().decode(k), StandardCharsets.UTF_8)).toList());
    }

    /** Null when the answer keeps the promise for bad input; otherwise what is wrong with it. */
    private static String problem(BadRequest request, RawHttp.Answer answer) {
        int status = answer.status();
        if (status == 0) {
            return request.kind().equals("random-request") ? null : "no answer";
        }
        if (status == 505 && !firstLine(request).contains(" HTTP/") && isJsonError(answer)) {
            return null; // an HTTP/0.9 request line: Jetty's parser answers 505, before any handler (see README)
        }
        if (status >= 500) {
            return "server error";
        }
        if (status < 400) {
            return "accepted a bad request";
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (IOException e) {
            return "4xx body is not JSON";
        }
        if (answer.contentType() == null || !answer.contentType().startsWith("application/json")) {
            return "4xx not labelled application/json";
        }
        if (status == 404 && request.absentKeyRead() && body != null && body.has("key") && body.has("value")) {
            return null;
        }
        if (body == null || !body.path("error").isTextual() || body.path("error").asText().isBlank()) {
            return "4xx body has no error message";
        }
        return null;
    }

    private static String firstLine(BadRequest request) {
        String text = new String(request.bytes(), StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    private static boolean isJsonError(RawHttp.Answer answer) {
        try {
            return JSON.readTree(answer.body()).path("error").isTextual();
        } catch (IOException e) {
            return false;
        }
    }

    /** Each known key's value and version, read through the API. */
    private static Map<String, String> snapshot(RawHttp http, List<String> keys) throws IOException {
        Map<String, String> state = new LinkedHashMap<>();
        for (String key : keys) {
            RawHttp.Answer answer = http.send(("GET /storage/" + key.replace("=", "%3D")
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            state.put(key, answer.status() + " " + answer.bodyText());
        }
        return state;
    }

    private static List<String> keysOf(RawHttp http, String scan) throws IOException {
        RawHttp.Answer answer = http.send(("GET /storage/" + scan + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        List<String> keys = new ArrayList<>();
        JSON.readTree(answer.body()).forEach(e -> keys.add(
                new String(Base64.getDecoder().decode(e.path("key").asText()), StandardCharsets.UTF_8)));
        return keys;
    }

    private static byte[] put(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "PUT /storage/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n";
        byte[] request = new byte[head.length() + bytes.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, request, 0, head.length());
        System.arraycopy(bytes, 0, request, head.length(), bytes.length);
        return request;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String text) {
        String flat = text.replace("\n", "\\n");
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }

    /** One node that is its own only replica, with small limits so that requests over them stay cheap. */
    private static DynamoConfiguration singleNode() {
        DynamoConfiguration config = TestNodeConfig.node1();
        config.maxKeyBytes = MAX_KEY_BYTES;
        config.maxValueBytes = MAX_VALUE_BYTES;
        return config;
    }
}
