package dynamo.core.scan;

import dynamo.core.message.Message.ScanReply;
import dynamo.core.storage.StoredEntry;
import dynamo.core.version.VersionResolver;
import dynamo.core.version.Versioned;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The {@code *} query: merges every live node's key-ordered entries, page by page, into one key-ordered
 * sequence where each key appears once with its newest versions (tombstones hide a key). Memory holds
 * one page per node. Asynchronous: {@link #nextBatch} hands out what can be merged with the pages at
 * hand and fetches the next pages only when asked, so no thread waits for a peer and a slow reader
 * slows the scan instead of filling memory.
 *
 * <p>A node that stops answering is left out, as long as every ring range keeps a replica that
 * delivers it ({@link RangeCoverage}); once some range has none, the scan fails with
 * {@link IncompleteScanException} instead of returning part of the store.
 */
public final class GlobalScan {
    private static final Comparator<Source> BY_KEY = (a, b) -> Arrays.compareUnsigned(a.key(), b.key());

    /** Fetches the page after {@code afterKey} (null: the first page) from {@code node}. */
    @FunctionalInterface
    public interface PageFetcher {
        CompletableFuture<ScanReply> fetch(String node, byte[] afterKey);
    }

    private final Set<String> asked;
    private final RangeCoverage coverage;
    private final PageFetcher fetcher;
    private final VersionResolver resolver;
    private final long pageTimeoutMillis;
    private final Executor continueOn;
    // Touched only by the caller of the constructor and of nextBatch; a page's arrival writes only
    // its source's fields, published to the caller by the future it completes.
    private final PriorityQueue<Source> sources = new PriorityQueue<>(BY_KEY);
    private final List<Source> waiting = new ArrayList<>();
    private final List<CompletableFuture<Void>> arrivals = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();

    /**
     * Starts fetching every node's first page; nodes of the ring not in {@code nodes} count as failed.
     * Merging resumes on {@code continueOn} once pages arrived, not on the thread that delivered them.
     */
    public GlobalScan(List<String> nodes, RangeCoverage coverage, PageFetcher fetcher, VersionResolver resolver,
            long pageTimeoutMillis, Executor continueOn) {
        this.asked = new HashSet<>(nodes);
        this.coverage = coverage;
        this.fetcher = fetcher;
        this.resolver = resolver;
        this.pageTimeoutMillis = pageTimeoutMillis;
        this.continueOn = continueOn;
        nodes.forEach(node -> new Source(node).fetchPage());
    }

    /** Nodes that failed to deliver a page and were left out. */
    public List<String> failedNodes() {
        return List.copyOf(failed);
    }

    /**
     * The next merged entries in key order, once the pages they need have arrived; an empty list at
     * the end. Fails with {@link IncompleteScanException} once a range has lost every replica. Call
     * again only after the previous batch completed.
     */
    public CompletableFuture<List<StoredEntry>> nextBatch() {
        while (true) {
            if (!waiting.isEmpty()) {
                CompletableFuture<Void> all = CompletableFuture.allOf(arrivals.toArray(CompletableFuture[]::new));
                if (!all.isDone()) {
                    return all.thenComposeAsync(ignored -> nextBatch(), continueOn);
                }
                absorbArrivals();
            }
            Optional<Set<String>> uncovered = coverage.firstUncovered(node -> asked.contains(node) && !failed.contains(node));
            if (uncovered.isPresent()) {
                return CompletableFuture.failedFuture(new IncompleteScanException(uncovered.get()));
            }
            List<StoredEntry> batch = mergeUntilAPageIsDue();
            if (!batch.isEmpty() || sources.isEmpty() && waiting.isEmpty()) {
                return CompletableFuture.completedFuture(batch);
            }
        }
    }

    private void absorbArrivals() {
        for (Source source : waiting) {
            if (source.error != null) {
                failed.add(source.node);
            } else if (source.index < source.page.size()) {
                sources.add(source);
            }
        }
        waiting.clear();
        arrivals.clear();
    }

    /** Merges keys while every source has its current entry at hand. */
    private List<StoredEntry> mergeUntilAPageIsDue() {
        List<StoredEntry> batch = new ArrayList<>();
        while (!sources.isEmpty() && waiting.isEmpty()) {
            StoredEntry merged = mergeSmallestKey();
            if (merged != null) {
                batch.add(merged);
            }
        }
        return batch;
    }

    /** Resolves all sources positioned on the smallest key; null when that key is deleted. */
    private StoredEntry mergeSmallestKey() {
        byte[] key = sources.peek().key();
        List<List<Versioned>> answers = new ArrayList<>();
        while (!sources.isEmpty() && Arrays.equals(sources.peek().key(), key)) {
            Source s = sources.poll();
            answers.add(s.current().versions());
            s.advance();
        }
        List<Versioned> live = resolver.newest(answers).stream().filter(v -> !v.isTombstone()).toList();
        return live.isEmpty() ? null : new StoredEntry(key, live);
    }

    /** One node's entries, walked page by page. */
    private final class Source {
        private final String node;
        private List<StoredEntry> page = List.of();
        private int index;
        private boolean lastPage;
        private byte[] afterKey;
        private Throwable error;

        Source(String node) {
            this.node = node;
        }

        StoredEntry current() {
            return page.get(index);
        }

        byte[] key() {
            return current().key();
        }

        /** Moves to the next entry: re-queued at once, or once its next page arrived, or never at the end. */
        void advance() {
            index++;
            if (index < page.size()) {
                sources.add(this);
            } else if (!lastPage) {
                fetchPage();
            }
        }

        void fetchPage() {
            waiting.add(this);
            arrivals.add(fetcher.fetch(node, afterKey)
                    .orTimeout(pageTimeoutMillis, TimeUnit.MILLISECONDS)
                    .handle((reply, failure) -> {
                        arrived(reply, failure);
                        return null;
                    }));
        }

        private void arrived(ScanReply reply, Throwable failure) {
            if (failure != null) {
                error = failure;
                return;
            }
            page = reply.entries();
            index = 0;
            lastPage = reply.last();
            if (!page.isEmpty()) {
                afterKey = page.get(page.size() - 1).key();
            }
        }
    }
}
