package dynamo.core.antientropy;

import dynamo.core.message.Message.BucketRequest;
import dynamo.core.message.Message.MerkleRequest;
import dynamo.core.operation.OperationContext;
import dynamo.core.operation.RequestTable;
import dynamo.core.ring.Ring;
import dynamo.core.storage.StorageEngine;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Anti-entropy between replicas with Merkle trees per key range (Dynamo section 4.7). Every period,
 * and as soon as a restarted node sees a fellow replica alive, a pass compares the trees of each range
 * this node replicates with every other live replica and repairs differing keys both ways. Passes run
 * one at a time on a thread of their own; trees asked for by peers are built on another thread.
 * Repairs go both ways, so a periodic pass compares each pair of replicas from one side only
 * ({@link #startsPeriodicExchange}): half the tree builds and storage scans of comparing from both.
 * A catch-up pass after a start, and one asked for ({@link #syncAll}), compares with every peer.
 *
 * <p>Tombstones are collected here: a key whose versions are all tombstones older than the grace
 * period is removed at the end of a pass. Trees leave such tombstones out and anti-entropy never
 * copies one to a replica that lacks the key, so every replica drops it and it stays dropped; until
 * then it still deletes an older live value that a peer shows in a differing leaf. The grace is the bound on how long a replica may miss a delete: as in
 * Cassandra (gc_grace_seconds), a replica that was down longer than the grace still holds the live
 * value the tombstone deleted, and once every tombstone is gone that value is repaired back
 * (resurrected). Operators must bring replicas back, or wipe them, within the grace.
 */
public final class AntiEntropy {
    static final long CATCH_UP_POLL_MILLIS = 200;
    static final long CATCH_UP_MAX_MILLIS = 30_000;
    private static final System.Logger LOG = System.getLogger(AntiEntropy.class.getName());

    private final OperationContext ctx;
    private final Supplier<Ring> ring;
    private final StorageEngine storage;
    private final RequestTable requests;
    private final long periodMillis;
    private final int depth;
    private final RepairRule rule;
    private final ExecutorService passes;
    private final TreeServer server;
    private final AtomicLong repairs = new AtomicLong();
    private final AtomicLong collected = new AtomicLong();
    private final AtomicLong merkleRequests = new AtomicLong();
    private final AtomicLong bucketRequests = new AtomicLong();
    private volatile PassResult lastPass;
    private volatile RingView ringView;
    private volatile boolean running;
    private volatile boolean stopped;

    private record RingView(Ring ring, List<ReplicatedRange> ranges) {
    }

    public AntiEntropy(OperationContext ctx, Supplier<Ring> ring, StorageEngine storage, RequestTable requests,
            long periodMillis, long tombstoneGraceMillis) {
        this(ctx, ring, storage, requests, periodMillis, tombstoneGraceMillis, MerkleTree.DEFAULT_DEPTH);
    }

    public AntiEntropy(OperationContext ctx, Supplier<Ring> ring, StorageEngine storage, RequestTable requests,
            long periodMillis, long tombstoneGraceMillis, int depth) {
        if (depth < 0 || depth > MerkleTree.MAX_DEPTH) {
            throw new IllegalArgumentException("Merkle depth must be in [0, " + MerkleTree.MAX_DEPTH + "]");
        }
        this.ctx = ctx;
        this.ring = ring;
        this.storage = storage;
        this.requests = requests;
        this.periodMillis = periodMillis;
        this.depth = depth;
        Tombstones tombstones = new Tombstones(tombstoneGraceMillis);
        this.rule = new RepairRule(ctx.resolver(), tombstones);
        this.passes = Executors.newSingleThreadExecutor(daemon("anti-entropy-" + ctx.self()));
        this.server = new TreeServer(ctx, storage, tombstones, daemon("anti-entropy-serve-" + ctx.self()));
    }

    /** Catches up at once (as soon as a fellow replica is alive), then runs a pass every period. */
    public void start() {
        running = true;
        long since = ctx.scheduler().nowMillis();
        ctx.scheduler().schedule(() -> catchUp(since), 0);
    }

    public void stop() {
        running = false;
        stopped = true;
        passes.shutdownNow();
        server.stop();
    }

    /** One full pass now over every range this node replicates; completes with the number of repairs. */
    public CompletableFuture<Long> syncAll() {
        return submit(() -> runPass(true)).thenApply(PassResult::repairs);
    }

    /** Keys repaired since start: changed here, plus sent to a peer that missed them. */
    public long repairs() {
        return repairs.get();
    }

    public long tombstonesCollected() {
        return collected.get();
    }

    public long merkleRequestsSent() {
        return merkleRequests.get();
    }

    public long bucketRequestsSent() {
        return bucketRequests.get();
    }

    /** The most recent finished pass, or null before the first. */
    public PassResult lastPass() {
        return lastPass;
    }

    public void onMerkleRequest(MerkleRequest request) {
        server.accept(request);
    }

    public void onBucketRequest(BucketRequest request) {
        server.accept(request);
    }

    /** Runs on the pass thread, as working out the ranges can take a while on a large ring. */
    private void catchUp(long since) {
        if (!running) {
            return;
        }
        submit(() -> fellowReplicaAlive() ? runPass(true) : null).whenComplete((result, error) -> {
            if (result != null && result.peersAnswered() > 0) {
                schedulePeriodic();
            } else {
                catchUpLater(since);
            }
        });
    }

    private void catchUpLater(long since) {
        if (ctx.scheduler().nowMillis() - since < CATCH_UP_MAX_MILLIS) {
            ctx.scheduler().schedule(() -> catchUp(since), CATCH_UP_POLL_MILLIS);
        } else {
            schedulePeriodic();
        }
    }

    private void schedulePeriodic() {
        if (running) {
            ctx.scheduler().schedule(() -> {
                if (running) {
                    submit(() -> runPass(false)).whenComplete((result, error) -> schedulePeriodic());
                }
            }, periodMillis);
        }
    }

    private boolean fellowReplicaAlive() {
        return replicatedRanges().stream().flatMap(r -> r.replicas().stream())
                .anyMatch(p -> !p.equals(ctx.self()) && ctx.detector().seemsUp(p));
    }

    private CompletableFuture<PassResult> submit(Supplier<PassResult> work) {
        try {
            return CompletableFuture.supplyAsync(work, passes);
        } catch (RejectedExecutionException stopped) {
            return CompletableFuture.failedFuture(stopped);
        }
    }

    /**
     * Whether this node's periodic pass compares with {@code peer}, or the peer's pass with this node:
     * the same answer on both sides, and the lower id starts for about half of all pairs.
     */
    static boolean startsPeriodicExchange(String self, String peer) {
        boolean selfIsLower = self.compareTo(peer) < 0;
        String pair = selfIsLower ? self + "\n" + peer : peer + "\n" + self;
        boolean lowerStarts = (pair.hashCode() & 1) == 0;
        return selfIsLower == lowerStarts;
    }

    /** @param everyPeer compare with every live peer, not only those this node starts periodic exchanges with */
    private PassResult runPass(boolean everyPeer) {
        List<ReplicatedRange> ranges = replicatedRanges();
        SyncPass pass = new SyncPass(ctx, storage, requests, rule, MerkleTree.depthFor(ranges.size(), depth),
                exchangeDeadline(), key -> ring.get().preferenceList(key, ctx.defaults().n()).contains(ctx.self()),
                peer -> everyPeer || startsPeriodicExchange(ctx.self(), peer));
        PassResult result;
        try {
            result = pass.run(ranges);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("anti-entropy stopped", e);
        } catch (RuntimeException e) {
            if (!stopped) {
                LOG.log(Level.WARNING, "anti-entropy pass failed on " + ctx.self(), e);
            }
            throw e;
        }
        repairs.addAndGet(result.repairs());
        collected.addAndGet(result.collected());
        merkleRequests.addAndGet(result.merkleRequests());
        bucketRequests.addAndGet(result.bucketRequests());
        if (result.repairs() > 0) {
            ctx.events().repaired(result.repairs());
        }
        lastPass = result;
        return result;
    }

    /** Peers answer from one queue and scan their storage to do so: give them far longer than a read. */
    private long exchangeDeadline() {
        return ctx.deadlines().antiEntropyExchangeMillis();
    }

    /** The ranges this node replicates, recomputed only when the ring changes. */
    private List<ReplicatedRange> replicatedRanges() {
        Ring current = ring.get();
        RingView view = ringView;
        if (view == null || view.ring() != current) {
            List<ReplicatedRange> mine = RingRanges.of(current, ctx.defaults().n()).stream()
                    .filter(r -> r.replicas().contains(ctx.self())).toList();
            view = new RingView(current, mine);
            ringView = view;
        }
        return view.ranges();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
