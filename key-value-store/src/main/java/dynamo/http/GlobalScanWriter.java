package dynamo.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dynamo.core.scan.GlobalScan;
import dynamo.core.scan.IncompleteScanException;
import dynamo.core.storage.StoredEntry;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.glassfish.jersey.server.ChunkedOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET /storage/*} without a request thread waiting for peers: the status is decided
 * once every node's first page is in (503 if some ring range has no replica that answered), then
 * each merged batch is written as a chunk of one JSON array, and the next pages are fetched only
 * after it was written (a slow client slows the scan, memory stays at a page per node). A range
 * lost after the 200 was sent leaves the array unclosed, so no client can take it for the whole store.
 */
final class GlobalScanWriter {
    private static final Logger LOG = LoggerFactory.getLogger(GlobalScanWriter.class);

    private final GlobalScan scan;
    private final ChunkedOutput<byte[]> out;
    private final ObjectMapper json;
    private final Executor executor;
    private boolean opened;

    private GlobalScanWriter(GlobalScan scan, ChunkedOutput<byte[]> out, ObjectMapper json, Executor executor) {
        this.scan = scan;
        this.out = out;
        this.json = json;
        this.executor = executor;
    }

    static void answer(AsyncResponse response, GlobalScan scan, ObjectMapper json, Executor executor) {
        scan.nextBatch().whenCompleteAsync((batch, error) -> {
            if (error != null) {
                response.resume(failure(error));
                return;
            }
            ChunkedOutput<byte[]> out = new ChunkedOutput<>(byte[].class);
            response.resume(Response.ok(out, MediaType.APPLICATION_JSON_TYPE).build());
            new GlobalScanWriter(scan, out, json, executor).write(batch);
        }, executor);
    }

    private static Response failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof IncompleteScanException) {
            return JsonErrorMappers.error(503, cause.getMessage());
        }
        LOG.error("global scan failed", cause);
        return JsonErrorMappers.error(500, "internal error");
    }

    private void write(List<StoredEntry> batch) {
        try {
            if (batch.isEmpty()) {
                out.write(ascii(opened ? "]" : "[]"));
                out.close();
                return;
            }
            out.write(encode(batch));
        } catch (IOException e) {
            closeQuietly(); // the client went away: fetch nothing more
            return;
        }
        scan.nextBatch().whenCompleteAsync((next, error) -> {
            if (error == null) {
                write(next);
            } else {
                LOG.warn("global scan broke off after its first page: {}", failure(error).getEntity());
                closeQuietly();
            }
        }, executor);
    }

    private byte[] encode(List<StoredEntry> batch) throws IOException {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        for (StoredEntry entry : batch) {
            chunk.write(opened ? ',' : '[');
            opened = true;
            chunk.write(json.writeValueAsBytes(ResponseBodies.keyBody(entry)));
        }
        return chunk.toByteArray();
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException e) {
            // already broken
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
