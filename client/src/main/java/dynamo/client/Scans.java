package dynamo.client;

import dynamo.client.http.ApiJson;
import dynamo.client.http.HttpExchange;
import dynamo.client.http.Reply;
import dynamo.client.http.ScanStream;
import dynamo.client.http.SendFailure;
import dynamo.client.routing.Router;
import dynamo.client.routing.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;

/**
 * Streamed scans. Like a get, a scan that a node fails (5xx, timeout before the first element) is
 * tried once more on another node; one that breaks off mid-stream fails with an
 * {@link UnavailableException} (its elements so far were delivered).
 */
final class Scans implements AutoCloseable {
    private static final String ALL = "/storage/*";
    private static final String LOCAL = "/storage/@";
    private final HttpExchange http;
    private final Router router;
    private ExecutorService asyncScans;

    Scans(HttpExchange http, Router router) {
        this.http = http;
        this.router = router;
    }

    Stream<Entry> all() {
        return scan(router.anyNode(), ALL);
    }

    Stream<Entry> local(String node) {
        Target target;
        if (node.startsWith("http://") || node.startsWith("https://")) {
            target = new Target(null, DynamoClientBuilder.url(node));
        } else {
            target = router.node(node).orElseThrow(() -> new IllegalArgumentException(
                    "unknown node '" + node + "': give its client URL, or a ring id with token-aware routing"));
        }
        return scan(List.of(target), LOCAL);
    }

    CompletableFuture<Long> allAsync(Consumer<Entry> each) {
        return CompletableFuture.supplyAsync(() -> {
            try (Stream<Entry> entries = all()) {
                long[] count = {0};
                entries.forEach(entry -> {
                    each.accept(entry);
                    count[0]++;
                });
                return count[0];
            }
        }, executor());
    }

    private Stream<Entry> scan(List<Target> targets, String path) {
        String failures = "";
        int answered = 0;
        Exception cause = null;
        for (Target target : targets) {
            if (answered == 2) {
                break;
            }
            ClassicHttpResponse response;
            try {
                response = http.open(target.url(), path);
            } catch (SendFailure failure) {
                router.unreachable(target);
                failures += "; " + failure.getMessage();
                cause = failure;
                answered += failure.sent() ? 1 : 0;
                continue;
            }
            answered++;
            router.answered(target, header(response, Reply.RING_EPOCH_HEADER));
            if (response.getCode() == 200) {
                try {
                    return entries(ScanStream.of(response));
                } catch (IOException e) {
                    failures += "; " + target + ": " + e.getMessage();
                    cause = e;
                    continue;
                }
            }
            String error = errorOf(response);
            if (response.getCode() == 400 || response.getCode() == 401 || response.getCode() == 403) {
                throw new InvalidRequestException(response.getCode(), error);
            }
            failures += "; " + target + " answered " + response.getCode() + ": " + error;
        }
        throw new UnavailableException("scan " + path + " failed" + failures, cause);
    }

    private static Stream<Entry> entries(Stream<ApiJson.KeyBody> bodies) {
        Iterator<ApiJson.KeyBody> each = bodies.iterator();
        Iterator<Entry> entries = new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return each.hasNext();
                } catch (UncheckedIOException e) {
                    throw new UnavailableException("scan broke off: " + e.getCause().getMessage(), e.getCause());
                }
            }

            @Override
            public Entry next() {
                ApiJson.KeyBody body = each.next();
                return new Entry(Base64.getDecoder().decode(body.key()), ApiJson.version(body), ApiJson.values(body));
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(entries, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(bodies::close);
    }

    private static String errorOf(ClassicHttpResponse response) {
        try (response) {
            InputStream body = response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent();
            return ApiJson.errorMessage(body.readNBytes(4096));
        } catch (IOException e) {
            return "(unreadable body: " + e.getMessage() + ")";
        }
    }

    private static String header(ClassicHttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    private synchronized ExecutorService executor() {
        if (asyncScans == null) {
            asyncScans = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "dynamo-client-scan");
                t.setDaemon(true);
                return t;
            });
        }
        return asyncScans;
    }

    @Override
    public synchronized void close() {
        if (asyncScans != null) {
            asyncScans.shutdownNow();
        }
    }
}
