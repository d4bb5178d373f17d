package dynamo.core.antientropy;

import dynamo.core.message.Message;
import dynamo.core.message.Message.BucketReply;
import dynamo.core.message.Message.BucketRequest;
import dynamo.core.message.Message.MerkleReply;
import dynamo.core.message.Message.MerkleRequest;
import dynamo.core.operation.OperationContext;
import dynamo.core.ring.RingHash;
import dynamo.core.storage.StorageEngine;
import dynamo.core.storage.StoredEntry;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;

/**
 * The answering side of anti-entropy. Building a tree or a bucket means scanning storage, so requests
 * are queued off the transport's consumer threads onto one thread of their own; each run drains the
 * queue and answers everything in it from a single scan (a peer asks for all its ranges at once).
 * Trees leave out collectable tombstones, as the asking side's do; buckets include them, so that a
 * tombstone can still delete an older live value on the asking side.
 */
final class TreeServer {
    private static final System.Logger LOG = System.getLogger(TreeServer.class.getName());

    private final OperationContext ctx;
    private final StorageEngine storage;
    private final Tombstones tombstones;
    private final ExecutorService executor;
    private final ConcurrentLinkedQueue<Message> pending = new ConcurrentLinkedQueue<>();
    private volatile boolean stopped;

    TreeServer(OperationContext ctx, StorageEngine storage, Tombstones tombstones, ThreadFactory threads) {
        this.ctx = ctx;
        this.storage = storage;
        this.tombstones = tombstones;
        this.executor = Executors.newSingleThreadExecutor(threads);
    }

    void stop() {
        stopped = true;
        executor.shutdownNow();
    }

    void accept(Message request) {
        pending.add(request);
        try {
            executor.execute(this::serveBatch);
        } catch (RejectedExecutionException afterStop) {
            pending.clear();
        }
    }

    private void serveBatch() {
        try {
            serve(drain());
        } catch (RuntimeException e) {
            if (!stopped) {
                LOG.log(Level.WARNING, "could not answer anti-entropy requests on " + ctx.self(), e);
            }
        }
    }

    private List<Message> drain() {
        List<Message> batch = new ArrayList<>();
        for (Message m = pending.poll(); m != null; m = pending.poll()) {
            batch.add(m);
        }
        return batch;
    }

    private void serve(List<Message> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<MerkleRequest, MerkleTree.Builder> trees = new HashMap<>();
        Map<BucketRequest, List<StoredEntry>> buckets = new HashMap<>();
        for (Message m : batch) {
            if (m instanceof MerkleRequest tree && valid(tree.depth())) {
                trees.put(tree, MerkleTree.builder(new KeyRange(tree.rangeStart(), tree.rangeEnd()), tree.depth()));
            } else if (m instanceof BucketRequest bucket && valid(bucket.depth())) {
                buckets.put(bucket, new ArrayList<>());
            }
        }
        scan(trees, buckets);
        for (Message m : batch) {
            if (m instanceof MerkleRequest tree) {
                MerkleTree.Builder builder = trees.get(tree);
                ctx.send(tree.from(), new MerkleReply(tree.requestId(), ctx.self(),
                        builder == null ? List.of() : builder.build().toFlat()));
            } else if (m instanceof BucketRequest bucket) {
                ctx.send(bucket.from(), new BucketReply(bucket.requestId(), ctx.self(),
                        buckets.getOrDefault(bucket, List.of())));
            }
        }
    }

    private void scan(Map<MerkleRequest, MerkleTree.Builder> trees, Map<BucketRequest, List<StoredEntry>> buckets) {
        Map<KeyRange, List<MerkleTree.Builder>> treesByRange = new HashMap<>();
        trees.values().forEach(b -> treesByRange.computeIfAbsent(b.range(), r -> new ArrayList<>()).add(b));
        Map<KeyRange, List<BucketCollector>> bucketsByRange = new HashMap<>();
        buckets.forEach((request, out) -> bucketsByRange
                .computeIfAbsent(new KeyRange(request.rangeStart(), request.rangeEnd()), r -> new ArrayList<>())
                .add(new BucketCollector(request.depth(), new HashSet<>(request.buckets()), out)));
        Set<KeyRange> all = new LinkedHashSet<>(treesByRange.keySet());
        all.addAll(bucketsByRange.keySet());
        RangeIndex index = new RangeIndex(new ArrayList<>(all));
        if (index.isEmpty()) {
            return;
        }
        long now = ctx.scheduler().nowMillis();
        try (Stream<StoredEntry> entries = storage.scan()) {
            entries.forEach(e -> {
                long position = RingHash.of(e.key());
                boolean collectable = tombstones.collectable(e, now);
                for (KeyRange range : index.containing(position)) {
                    if (!collectable) {
                        treesByRange.getOrDefault(range, List.of())
                                .forEach(b -> b.add(position, e.key(), e.versions()));
                    }
                    bucketsByRange.getOrDefault(range, List.of()).forEach(c -> c.offer(range, position, e));
                }
            });
        }
    }

    private static boolean valid(int depth) {
        return depth >= 0 && depth <= MerkleTree.MAX_DEPTH;
    }

    /** The entries of the leaves one bucket request asked for. */
    private record BucketCollector(int depth, Set<Integer> wanted, List<StoredEntry> out) {
        void offer(KeyRange range, long position, StoredEntry entry) {
            if (wanted.contains(range.bucketOf(position, depth))) {
                out.add(entry);
            }
        }
    }
}
