package dynamo.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dynamo.client.Entry;
import dynamo.client.GetResult;
import dynamo.client.WriteResult;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The CLI's output. Text: a get prints its value (each sibling on a line), a write its new
 * version, a scan {@code key<TAB>value} per live pair. JSON ({@code --json}): one object per
 * result, one per line for scans; keys and values as text, or base64 with {@code --base64}.
 */
record Printer(PrintWriter out, boolean json, Codec codec) {
    private static final ObjectMapper JSON = new ObjectMapper();

    void get(byte[] key, GetResult result) {
        if (json) {
            ObjectNode node = JSON.createObjectNode().put("key", codec.out(key)).put("found", result.found())
                    .put("version", result.version());
            values(node.putArray("values"), result.values());
            print(node.put("node", result.node()));
        } else {
            result.values().forEach(value -> out.println(codec.out(value)));
        }
    }

    void write(WriteResult result) {
        if (json) {
            print(JSON.createObjectNode().put("written", result.written()).put("version", result.version())
                    .put("node", result.node()));
        } else if (result.written()) {
            out.println(result.version());
        }
    }

    void entry(Entry entry) {
        if (json) {
            ObjectNode node = JSON.createObjectNode().put("key", codec.out(entry.key())).put("version", entry.version());
            values(node.putArray("values"), entry.values());
            print(node);
        } else {
            entry.values().forEach(value -> out.println(codec.out(entry.key()) + "\t" + codec.out(value)));
        }
    }

    private void values(ArrayNode array, List<byte[]> values) {
        values.forEach(value -> array.add(codec.out(value)));
    }

    private void print(ObjectNode node) {
        try {
            out.println(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
