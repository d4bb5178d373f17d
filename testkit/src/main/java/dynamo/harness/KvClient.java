package dynamo.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small client of one node's REST API (DESIGN.md section 2). Keys travel URL-safe in paths and in
 * the standard alphabet in bodies, as a typical client would send them. Transport failures
 * (refused connection, timeout, reset) surface as {@link IOException}: the caller decides what they
 * mean.
 */
public final class KvClient {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SCAN_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(DEFAULT_TIMEOUT)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Duration timeout;

    public KvClient(URI base) {
        this(base, DEFAULT_TIMEOUT);
    }

    public KvClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
    }

    /** The same node with another request timeout (for large values). */
    public KvClient withTimeout(Duration other) {
        return new KvClient(base, other);
    }

    public URI base() {
        return base;
    }

    // --- typed API -------------------------------------------------------------------------

    public Read get(byte[] key) throws IOException, InterruptedException {
        return get(key, null);
    }

    public Read get(String key) throws IOException, InterruptedException {
        return get(utf8(key));
    }

    public Read get(byte[] key, Integer minNumReads) throws IOException, InterruptedException {
        String query = minNumReads == null ? "" : "?minNumReads=" + minNumReads;
        return Read.of(send("GET", "/storage/" + urlSafe(key) + query, null));
    }

    public Write put(String key, String value) throws IOException, InterruptedException {
        return put(utf8(key), utf8(value), null, null);
    }

    /** A put; {@code fromVersion} null is unconditional, {@code minNumWrites} null the default W. */
    public Write put(byte[] key, byte[] value, String fromVersion, Integer minNumWrites)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode()
                .put("key", standard(key))
                .put("value", standard(value));
        if (fromVersion != null) {
            body.put("fromVersion", fromVersion);
        }
        if (minNumWrites != null) {
            body.put("minNumWrites", minNumWrites);
        }
        return Write.of(send("PUT", "/storage/", JSON.writeValueAsString(body)));
    }

    /** A delete is a put of the empty value. */
    public Write delete(String key) throws IOException, InterruptedException {
        return put(utf8(key), new byte[0], null, null);
    }

    /** {@code GET /storage/@}: every pair this node stores. */
    public List<Entry> local() throws IOException, InterruptedException {
        return scan("/storage/@");
    }

    /** {@code GET /storage/*}: every live pair of the store. */
    public List<Entry> all() throws IOException, InterruptedException {
        return scan("/storage/*");
    }

    // --- raw requests, for bad input ------------------------------------------------------

    /** Sends {@code body} (JSON, or null for none) to {@code pathAndQuery} as it is. */
    public Answer send(String method, String pathAndQuery, String body) throws IOException, InterruptedException {
        return send(method, pathAndQuery, body, timeout);
    }

    private Answer send(String method, String pathAndQuery, String body, Duration within)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = within(within, HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
        return new Answer(response.statusCode(), response.body(), response.headers());
    }

    /**
     * The deadline is kept here, not by {@code HttpRequest.timeout}: on JDK 17 that timer failed
     * requests to healthy nodes 0.8 s after they were sent, just when requests sent 5 s earlier
     * were due (the HTTP/1.1 pool reuses connections; compare JDK-8304701).
     */
    private static <T> T within(Duration within, CompletableFuture<T> call) throws IOException, InterruptedException {
        try {
            return call.get(within.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new HttpTimeoutException("no answer within " + within.toMillis() + " ms");
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private List<Entry> scan(String path) throws IOException, InterruptedException {
        Answer answer = send("GET", path, null, SCAN_TIMEOUT);
        if (answer.status() != 200) {
            throw new IOException("GET " + path + " answered " + answer.status() + ": " + answer.body());
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode node : answer.json()) {
            entries.add(new Entry(decode(node.path("key").asText()),
                    node.path("value").path("version").asText(), valuesOf(node)));
        }
        return entries;
    }

    // --- shapes ----------------------------------------------------------------------------

    /** An HTTP answer as it came: status, body and headers (the node's X-Dynamo-Node, say). */
    public record Answer(int status, String body, HttpHeaders headers) {
        /** The first value of header {@code name}, if the answer has it. */
        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The body as JSON, or a missing node when it is not JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return JSON.missingNode();
            }
        }

        /** The {@code error} message of an error body, or null. */
        public String error() {
            JsonNode error = json().path("error");
            return error.isTextual() ? error.asText() : null;
        }
    }

    /** A get: 200 with the key's values, 404 when absent, anything else an error. */
    public record Read(int status, String version, List<byte[]> values, Answer answer) {
        public static Read of(Answer answer) {
            JsonNode json = answer.json();
            return new Read(answer.status(), json.path("value").path("version").asText(null), valuesOf(json), answer);
        }

        public boolean found() {
            return status == 200;
        }

        /** The single value as text; null for a 404. Fails on siblings or an error. */
        public String text() {
            if (status == 404) {
                return null;
            }
            if (status != 200 || values.size() != 1) {
                throw new IllegalStateException("expected one value, got " + answer);
            }
            return new String(values.get(0), StandardCharsets.UTF_8);
        }
    }

    /** A put: {@code success} only means something with status 200. */
    public record Write(int status, boolean success, String version, Answer answer) {
        public static Write of(Answer answer) {
            JsonNode json = answer.json();
            return new Write(answer.status(), json.path("success").asBoolean(false),
                    json.path("version").asText(null), answer);
        }

        public boolean acknowledged() {
            return status == 200 && success;
        }
    }

    /** One element of {@code @} or {@code *}; no values means only a tombstone is stored. */
    public record Entry(byte[] key, String version, List<byte[]> values) {
        public String keyText() {
            return new String(key, StandardCharsets.UTF_8);
        }

        public boolean live() {
            return !values.isEmpty();
        }

        /** The single value as text; null when deleted. */
        public String text() {
            return values.isEmpty() ? null : new String(values.get(0), StandardCharsets.UTF_8);
        }
    }

    // --- encoding --------------------------------------------------------------------------

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static String urlSafe(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String standard(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public static byte[] decode(String standard) {
        return Base64.getDecoder().decode(standard);
    }

    private static List<byte[]> valuesOf(JsonNode json) {
        List<byte[]> values = new ArrayList<>();
        json.path("value").path("values").forEach(value -> values.add(decode(value.asText())));
        return values;
    }
}
