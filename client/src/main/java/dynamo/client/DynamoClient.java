package dynamo.client;

import dynamo.client.call.CallRunner;
import dynamo.client.call.ReadCall;
import dynamo.client.call.WriteCall;
import dynamo.client.http.ApiRequest;
import dynamo.client.http.HttpExchange;
import dynamo.client.routing.FixedNodeRouter;
import dynamo.client.routing.Router;
import dynamo.client.routing.Target;
import dynamo.client.routing.TokenAwareRouter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A client of the store. Every operation exists blocking (on the caller's thread) and async
 * ({@link CompletableFuture}, completed on HttpClient's I/O thread), with byte or String (UTF-8)
 * keys and values, and with the cluster's R and W or per-request {@code minNumReads} /
 * {@code minNumWrites}.
 *
 * <p>Outcomes: a get answers a {@link GetResult} (found or absent) and is retried once on another
 * node when the first fails; a write answers a {@link WriteResult} (written, or rejected for a
 * conditional put that lost) and is never replayed once a node may have seen it: a 503, a timeout
 * or a broken connection then is an {@link OutcomeUnknownException}. Bad input is an
 * {@link InvalidRequestException}; no answer from any node an {@link UnavailableException}. Async
 * variants complete exceptionally with the same exceptions.
 *
 * <p>Thread-safe; one instance per application, or per thread through {@link #pinnedTo}, which
 * shares the connection pool. Close it to release its connections (and its ring thread).
 */
public final class DynamoClient implements AutoCloseable {
    private final HttpExchange http;
    private final Router router;
    private final List<URI> seeds;
    private final boolean ownsResources;
    private final CallRunner calls;
    private final Scans scans;

    DynamoClient(HttpExchange http, Router router, List<URI> seeds, boolean ownsResources) {
        this.http = http;
        this.router = router;
        this.seeds = seeds;
        this.ownsResources = ownsResources;
        this.calls = new CallRunner(http, router);
        this.scans = new Scans(http, router);
    }

    public static DynamoClientBuilder builder() {
        return new DynamoClientBuilder();
    }

    /**
     * A client that sends everything to the node at {@code url} (routing off, thread-affine use:
     * the benchmark gives thread t node t mod K), falling back to the seeds only as a call allows.
     * It shares this client's connections; closing it closes nothing.
     */
    public DynamoClient pinnedTo(String url) {
        URI node = DynamoClientBuilder.url(url);
        List<Target> others = seeds.stream().map(seed -> new Target(null, seed)).toList();
        return new DynamoClient(http, new FixedNodeRouter(new Target(null, node), others), seeds, false);
    }

    /** {@link Routing#TOKEN_AWARE} or {@link Routing#FIXED_NODE}. */
    public Routing routing() {
        return router instanceof TokenAwareRouter ? Routing.TOKEN_AWARE : Routing.FIXED_NODE;
    }

    /** The nodes a request on {@code key} would try, in order (the key's first replica first, when routing). */
    public List<Target> route(byte[] key) {
        return router.route(key);
    }

    // --- get ---------------------------------------------------------------------------------

    public GetResult get(byte[] key) {
        return calls.run(read(key, null));
    }

    public GetResult get(byte[] key, int minNumReads) {
        return calls.run(read(key, quorum(minNumReads)));
    }

    public GetResult get(String key) {
        return get(utf8(key));
    }

    public GetResult get(String key, int minNumReads) {
        return get(utf8(key), minNumReads);
    }

    public CompletableFuture<GetResult> getAsync(byte[] key) {
        return calls.runAsync(read(key, null));
    }

    public CompletableFuture<GetResult> getAsync(byte[] key, int minNumReads) {
        return calls.runAsync(read(key, quorum(minNumReads)));
    }

    public CompletableFuture<GetResult> getAsync(String key) {
        return getAsync(utf8(key));
    }

    public CompletableFuture<GetResult> getAsync(String key, int minNumReads) {
        return getAsync(utf8(key), minNumReads);
    }

    // --- put (unconditional) -------------------------------------------------------------------

    /** Writes {@code value}; its version supersedes every version the coordinator saw. An empty value deletes. */
    public WriteResult put(byte[] key, byte[] value) {
        return calls.run(write(key, value, null, null));
    }

    public WriteResult put(byte[] key, byte[] value, int minNumWrites) {
        return calls.run(write(key, value, null, quorum(minNumWrites)));
    }

    public WriteResult put(String key, String value) {
        return put(utf8(key), utf8(value));
    }

    public WriteResult put(String key, String value, int minNumWrites) {
        return put(utf8(key), utf8(value), minNumWrites);
    }

    public CompletableFuture<WriteResult> putAsync(byte[] key, byte[] value) {
        return calls.runAsync(write(key, value, null, null));
    }

    public CompletableFuture<WriteResult> putAsync(byte[] key, byte[] value, int minNumWrites) {
        return calls.runAsync(write(key, value, null, quorum(minNumWrites)));
    }

    public CompletableFuture<WriteResult> putAsync(String key, String value) {
        return putAsync(utf8(key), utf8(value));
    }

    public CompletableFuture<WriteResult> putAsync(String key, String value, int minNumWrites) {
        return putAsync(utf8(key), utf8(value), minNumWrites);
    }

    // --- conditional put -----------------------------------------------------------------------

    /**
     * Writes {@code value} only if nobody wrote the key since {@code fromVersion} (a version a get
     * returned): {@link WriteResult#rejected()} otherwise. The API has no "only if absent": an
     * absent key's version is empty, which this method refuses.
     */
    public WriteResult putIfVersion(byte[] key, byte[] value, String fromVersion) {
        return calls.run(write(key, value, version(fromVersion), null));
    }

    public WriteResult putIfVersion(byte[] key, byte[] value, String fromVersion, int minNumWrites) {
        return calls.run(write(key, value, version(fromVersion), quorum(minNumWrites)));
    }

    public WriteResult putIfVersion(String key, String value, String fromVersion) {
        return putIfVersion(utf8(key), utf8(value), fromVersion);
    }

    public WriteResult putIfVersion(String key, String value, String fromVersion, int minNumWrites) {
        return putIfVersion(utf8(key), utf8(value), fromVersion, minNumWrites);
    }

    public CompletableFuture<WriteResult> putIfVersionAsync(byte[] key, byte[] value, String fromVersion) {
        return calls.runAsync(write(key, value, version(fromVersion), null));
    }

    public CompletableFuture<WriteResult> putIfVersionAsync(byte[] key, byte[] value, String fromVersion,
            int minNumWrites) {
        return calls.runAsync(write(key, value, version(fromVersion), quorum(minNumWrites)));
    }

    public CompletableFuture<WriteResult> putIfVersionAsync(String key, String value, String fromVersion) {
        return putIfVersionAsync(utf8(key), utf8(value), fromVersion);
    }

    public CompletableFuture<WriteResult> putIfVersionAsync(String key, String value, String fromVersion,
            int minNumWrites) {
        return putIfVersionAsync(utf8(key), utf8(value), fromVersion, minNumWrites);
    }

    // --- delete (a put of the empty value: a tombstone) ----------------------------------------

    public WriteResult delete(byte[] key) {
        return put(key, new byte[0]);
    }

    public WriteResult delete(byte[] key, int minNumWrites) {
        return put(key, new byte[0], minNumWrites);
    }

    public WriteResult delete(String key) {
        return delete(utf8(key));
    }

    public WriteResult delete(String key, int minNumWrites) {
        return delete(utf8(key), minNumWrites);
    }

    public CompletableFuture<WriteResult> deleteAsync(byte[] key) {
        return putAsync(key, new byte[0]);
    }

    public CompletableFuture<WriteResult> deleteAsync(byte[] key, int minNumWrites) {
        return putAsync(key, new byte[0], minNumWrites);
    }

    public CompletableFuture<WriteResult> deleteAsync(String key) {
        return deleteAsync(utf8(key));
    }

    public CompletableFuture<WriteResult> deleteAsync(String key, int minNumWrites) {
        return deleteAsync(utf8(key), minNumWrites);
    }

    // --- scans ---------------------------------------------------------------------------------

    /** Every live pair of the store, each key once ({@code GET /storage/*}), streamed; close the stream. */
    public Stream<Entry> scan() {
        return scans.all();
    }

    /**
     * Every pair one node stores ({@code GET /storage/@}), tombstones included, streamed; the node
     * by its client URL or, with token-aware routing, its id.
     */
    public Stream<Entry> scanNode(String node) {
        return scans.local(node);
    }

    /** {@link #scan()} fed to {@code each} on a scan thread; completes with the count of entries. */
    public CompletableFuture<Long> scanAsync(Consumer<Entry> each) {
        return scans.allAsync(each);
    }

    @Override
    public void close() {
        if (ownsResources) {
            scans.close();
            router.close();
            http.close();
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private ReadCall read(byte[] key, Integer minNumReads) {
        Objects.requireNonNull(key, "key");
        return new ReadCall(ApiRequest.get(key, minNumReads), router.route(key));
    }

    private WriteCall write(byte[] key, byte[] value, String fromVersion, Integer minNumWrites) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return new WriteCall(ApiRequest.put(key, value, fromVersion, minNumWrites), router.route(key));
    }

    private static Integer quorum(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("minNumReads / minNumWrites must be at least 1, got " + size);
        }
        return size;
    }

    private static String version(String fromVersion) {
        if (fromVersion == null || fromVersion.isEmpty()) {
            throw new IllegalArgumentException("a conditional put needs the version a get returned (not an empty one)");
        }
        return fromVersion;
    }

    private static byte[] utf8(String text) {
        return Objects.requireNonNull(text).getBytes(StandardCharsets.UTF_8);
    }
}
