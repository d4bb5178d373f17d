package dynamo.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dynamo.core.storage.StoredEntry;
import dynamo.core.version.VersionCodec;
import dynamo.core.version.VersionResolver;
import dynamo.core.version.Versioned;
import java.util.List;

/** The JSON shapes of the API. */
public final class ResponseBodies {
    private ResponseBodies() {
    }

    /** {@code {"version": ..., "values": [...]}}: one value per unresolved concurrent version. */
    public record ValueBody(String version, List<String> values) {
    }

    /** What {@code GET /storage/{key}}, {@code @} and {@code *} return per key. */
    public record KeyBody(String key, ValueBody value) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL) // {"success": false}: no version of a put that lost
    public record PutResult(boolean success, String version) {
    }

    public record ErrorBody(String error) {
    }

    /** A key's live versions as the client sees them; an empty list gives the 404 shape. */
    public static KeyBody keyBody(byte[] key, List<Versioned> live) {
        if (live.isEmpty()) {
            return new KeyBody(Base64Text.encode(key), new ValueBody("", List.of()));
        }
        String version = VersionCodec.encode(VersionResolver.summary(live));
        List<String> values = live.stream().map(v -> Base64Text.encode(v.value())).toList();
        return new KeyBody(Base64Text.encode(key), new ValueBody(version, values));
    }

    public static KeyBody keyBody(StoredEntry entry) {
        return keyBody(entry.key(), entry.versions().stream().filter(v -> !v.isTombstone()).toList());
    }
}
