package dynamo.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dynamo.core.storage.StoredEntry;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.function.Supplier;

/** Streams entries as a JSON array of GET-shaped objects, one at a time, never the whole set in memory. */
final class EntryStream implements StreamingOutput {
    private final ObjectMapper json;
    private final Supplier<Iterator<StoredEntry>> entries;
    private final Runnable onClose;

    EntryStream(ObjectMapper json, Supplier<Iterator<StoredEntry>> entries, Runnable onClose) {
        this.json = json;
        this.entries = entries;
        this.onClose = onClose;
    }

    @Override
    public void write(OutputStream out) throws java.io.IOException {
        try (JsonGenerator gen = json.getFactory().createGenerator(out)) {
            gen.writeStartArray();
            Iterator<StoredEntry> it = entries.get();
            while (it.hasNext()) {
                StoredEntry entry = it.next();
                if (entry.versions().stream().anyMatch(v -> !v.isTombstone())) {
                    json.writeValue(gen, ResponseBodies.keyBody(entry));
                }
            }
            gen.writeEndArray();
        } finally {
            onClose.run();
        }
    }
}
