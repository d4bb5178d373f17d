package dynamo.core.scan;

import dynamo.core.message.Message.ScanReply;
import dynamo.core.storage.StoredEntry;
import dynamo.core.version.VersionResolver;
import dynamo.core.version.Versioned;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code *} query: merges every live node's key-ordered entries, page by page, into one key-ordered
 * sequence where each key appears once with its newest versions (tombstones hide a key). Memory holds
 * one page per node. A node that stops answering is left out; with at most one node down every key
 * still has a live replica.
 */
public final class GlobalScan implements Iterator<StoredEntry> {
    private static final Comparator<Source> BY_KEY = (a, b) -> Arrays.compareUnsigned(a.key(), b.key());

    /** Fetches the page after {@code afterKey} (null: the first page) from {@code node}. */
    @FunctionalInterface
    public interface PageFetcher {
        CompletableFuture<ScanReply> fetch(String node, byte[] afterKey);
    }

    private final PageFetcher fetcher;
    private final VersionResolver resolver;
    private final long pageTimeoutMillis;
    private final PriorityQueue<Source> sources = new PriorityQueue<>(BY_KEY);
    private final List<String> failed = new ArrayList<>();
    private StoredEntry next;

    public GlobalScan(List<String> nodes, PageFetcher fetcher, VersionResolver resolver, long pageTimeoutMillis) {
        this.fetcher = fetcher;
        this.resolver = resolver;
        this.pageTimeoutMillis = pageTimeoutMillis;
        nodes.forEach(node -> new Source(node).advance());
    }

    /** Nodes that failed to deliver a page and were left out. */
    public List<String> failedNodes() {
        return List.copyOf(failed);
    }

    @Override
    public boolean hasNext() {
        while (next == null && !sources.isEmpty()) {
            next = mergeSmallestKey();
        }
        return next != null;
    }

    @Override
    public StoredEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        StoredEntry result = next;
        next = null;
        return result;
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

        Source(String node) {
            this.node = node;
        }

        StoredEntry current() {
            return page.get(index);
        }

        byte[] key() {
            return current().key();
        }

        /** Moves to the next entry, fetching a page when needed; re-queues itself unless exhausted. */
        void advance() {
            index++;
            if (page.isEmpty() || index >= page.size()) {
                if (!page.isEmpty() && lastPage || !fetchPage()) {
                    return;
                }
            }
            if (index < page.size()) {
                sources.add(this);
            }
        }

        private boolean fetchPage() {
            try {
                ScanReply reply = fetcher.fetch(node, afterKey).get(pageTimeoutMillis, TimeUnit.MILLISECONDS);
                page = reply.entries();
                index = 0;
                lastPage = reply.last();
                if (!page.isEmpty()) {
                    afterKey = page.get(page.size() - 1).key();
                }
                return true;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failed.add(node);
                return false;
            }
        }
    }
}
