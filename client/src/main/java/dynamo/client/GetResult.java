package dynamo.client;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a get found: the key's values (one, or several unresolved siblings in the store's
 * {@code siblings} mode) and its opaque version, which {@code putIfVersion} takes; or that the key
 * is absent (never written, or deleted). {@code node} is the node that answered.
 */
public record GetResult(boolean found, String version, List<byte[]> values, String node) {
    public GetResult {
        values = List.copyOf(values);
    }

    static GetResult absent(String node) {
        return new GetResult(false, "", List.of(), node);
    }

    /** The value, or null when absent; with siblings, the first of them. */
    public byte[] value() {
        return values.isEmpty() ? null : values.get(0).clone();
    }

    /** The value as UTF-8 text, or null when absent. */
    public String text() {
        return values.isEmpty() ? null : new String(values.get(0), StandardCharsets.UTF_8);
    }

    public boolean hasSiblings() {
        return values.size() > 1;
    }
}
