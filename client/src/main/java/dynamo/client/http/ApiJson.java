package dynamo.client.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The API's JSON shapes (DESIGN.md section 2) with Jackson, and its base64: keys in paths in the
 * URL-safe alphabet without padding, keys and values in bodies in the standard alphabet.
 */
public final class ApiJson {
    public static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Base64.Encoder IN_PATH = Base64.getUrlEncoder().withoutPadding();

    private ApiJson() {
    }

    /** {@code {"key", "value", "fromVersion", "minNumWrites"}}; absent fields are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PutBody(String key, String value, String fromVersion, Integer minNumWrites) {
    }

    /** A get's answer, and an element of a scan: {@code {"key", "value": {"version", "values"}}}. */
    public record KeyBody(String key, ValueBody value) {
    }

    public record ValueBody(String version, List<String> values) {
    }

    /** A put's answer. */
    public record PutAnswer(boolean success, String version) {
    }

    static String keyInPath(byte[] key) {
        return IN_PATH.encodeToString(key);
    }

    static byte[] putBody(byte[] key, byte[] value, String fromVersion, Integer minNumWrites) {
        Base64.Encoder b64 = Base64.getEncoder();
        try {
            return JSON.writeValueAsBytes(new PutBody(b64.encodeToString(key), b64.encodeToString(value),
                    fromVersion == null || fromVersion.isEmpty() ? null : fromVersion, minNumWrites));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static KeyBody keyBody(byte[] json) throws IOException {
        return JSON.readValue(json, KeyBody.class);
    }

    public static PutAnswer putAnswer(byte[] json) throws IOException {
        return JSON.readValue(json, PutAnswer.class);
    }

    /** The values of a get's or a scan's element, decoded. */
    public static List<byte[]> values(KeyBody body) {
        List<byte[]> values = new ArrayList<>();
        if (body.value() != null && body.value().values() != null) {
            for (String value : body.value().values()) {
                values.add(Base64.getDecoder().decode(value));
            }
        }
        return values;
    }

    public static String version(KeyBody body) {
        return body.value() == null || body.value().version() == null ? "" : body.value().version();
    }

    /** The {@code error} of an error body, or the body itself (cut short) when it is not one. */
    public static String errorMessage(byte[] body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.isTextual()) {
                return error.asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
