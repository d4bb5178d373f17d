package dynamo.client;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** One pair of a scan; no values means that only a tombstone is stored (in a node's {@code @}). */
public record Entry(byte[] key, String version, List<byte[]> values) {
    public Entry {
        values = List.copyOf(values);
    }

    public boolean live() {
        return !values.isEmpty();
    }

    public String keyText() {
        return new String(key, StandardCharsets.UTF_8);
    }

    /** The (first) value as UTF-8 text, or null for a tombstone. */
    public String text() {
        return values.isEmpty() ? null : new String(values.get(0), StandardCharsets.UTF_8);
    }
}
