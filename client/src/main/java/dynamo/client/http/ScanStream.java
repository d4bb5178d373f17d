package dynamo.client.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;

/**
 * The body of {@code GET /storage/*} or {@code @}, a JSON array of get-shaped objects, parsed one
 * element at a time as it streams in: a scan never holds the store in memory. Closing the stream
 * closes the response (and its connection, if unread).
 */
public final class ScanStream {
    private ScanStream() {
    }

    /** The elements of {@code response}'s body; the caller closes the stream. */
    public static Stream<ApiJson.KeyBody> of(ClassicHttpResponse response) throws IOException {
        JsonParser parser;
        try {
            parser = ApiJson.JSON.getFactory().createParser(response.getEntity().getContent());
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("a scan's body is not a JSON array");
            }
        } catch (IOException | RuntimeException e) {
            response.close();
            throw e;
        }
        Spliterator<ApiJson.KeyBody> elements = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super ApiJson.KeyBody> action) {
                try {
                    JsonToken token = parser.nextToken();
                    if (token == JsonToken.END_ARRAY) {
                        return false;
                    }
                    if (token != JsonToken.START_OBJECT) {
                        throw new IOException("the scan broke off (" + token + " where an element was due)");
                    }
                    action.accept(ApiJson.JSON.readValue(parser, ApiJson.KeyBody.class));
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        return StreamSupport.stream(elements, false).onClose(() -> {
            try {
                parser.close();
                response.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
