package dynamo.core.antientropy;

import dynamo.core.message.Message.BucketReply;
import dynamo.core.message.Message.BucketRequest;
import dynamo.core.message.Message.MerkleReply;
import dynamo.core.message.Message.MerkleRequest;
import dynamo.core.message.Message.WriteRequest;
import dynamo.core.operation.OperationContext;
import dynamo.core.operation.RequestTable;
import dynamo.core.paxos.Acceptor;
import dynamo.core.ring.RingHash;
import dynamo.core.storage.KeyState;
import dynamo.core.storage.StorageEngine;
import dynamo.core.storage.StoredEntry;
import dynamo.core.version.ConflictMode;
import dynamo.core.version.VersionResolver;
import dynamo.core.version.Versioned;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One anti-entropy pass of this node, run on the anti-entropy thread (it blocks on peers' answers).
 * One storage scan builds the trees of every range shared with a live peer and finds collectable
 * tombstones; trees are compared with each peer's; a second scan, only if something differs, lists
 * our keys in the differing leaves; the peers' entries of those leaves are fetched; each key is then
 * repaired in whichever direction version resolution says; last, the expired tombstones are dropped.
 */
final class SyncPass {
    static final int BUCKETS_PER_REQUEST = 64;
    /** Bounds the memory a pass holds for collection; the rest waits for the next pass. */
    static final int MAX_COLLECTED_PER_PASS = 100_000;

    private final OperationContext ctx;
    private final StorageEngine storage;
    private final RequestTable requests;
    private final RepairRule rule;
    private final Tombstones tombstones;
    private final int depth;
    private final long deadlineMillis;
    private final long now;
    private final Predicate<byte[]> replicates;
    private final Predicate<String> comparesWith;
    private final List<StoredEntry> expired = new ArrayList<>();
    private long pulled;
    private long pushed;
    private long collected;
    private int merkleRequests;
    private int bucketRequests;
    private int differingBuckets;

    /**
     * @param replicates   whether this node replicates a key on its ring now (a move may end during a pass)
     * @param comparesWith the peers this pass compares with (when live)
     */
    SyncPass(OperationContext ctx, StorageEngine storage, RequestTable requests, RepairRule rule, int depth,
            long deadlineMillis, Predicate<byte[]> replicates, Predicate<String> comparesWith) {
        this.replicates = replicates;
        this.comparesWith = comparesWith;
        this.ctx = ctx;
        this.storage = storage;
        this.requests = requests;
        this.rule = rule;
        this.tombstones = rule.tombstones();
        this.depth = depth;
        this.deadlineMillis = deadlineMillis;
        this.now = ctx.scheduler().nowMillis();
    }

    /** Runs over {@code ranges}, the ranges this node replicates. */
    PassResult run(List<ReplicatedRange> ranges) throws InterruptedException {
        long started = System.nanoTime();
        Map<String, List<KeyRange>> shared = livePeers(ranges);
        Map<KeyRange, MerkleTree> local = scanTrees(shared);
        Map<String, Map<KeyRange, List<Integer>>> differing = compare(shared, local);
        int answered = differing.size();
        differing.values().removeIf(Map::isEmpty);
        if (!differing.isEmpty()) {
            repair(differing, localKeys(differing));
        }
        expired.forEach(this::collect);
        return new PassResult(pulled, pushed, collected, shared.size(), answered, merkleRequests, differingBuckets,
                bucketRequests, (System.nanoTime() - started) / 1_000_000);
    }

    /** For each live peer this pass compares with, the ranges it replicates with us. */
    private Map<String, List<KeyRange>> livePeers(List<ReplicatedRange> ranges) {
        Map<String, List<KeyRange>> shared = new LinkedHashMap<>();
        for (ReplicatedRange r : ranges) {
            r.replicas().stream().filter(p -> !p.equals(ctx.self()) && comparesWith.test(p) && ctx.detector().seemsUp(p))
                    .forEach(p -> shared.computeIfAbsent(p, x -> new ArrayList<>()).add(r.range()));
        }
        return shared;
    }

    /**
     * Builds the trees and notes the expired tombstones, which trees leave out. They are collected only
     * after the repairs, so that a pass can still use one to delete an older live value a peer holds.
     */
    private Map<KeyRange, MerkleTree> scanTrees(Map<String, List<KeyRange>> shared) {
        Map<KeyRange, MerkleTree.Builder> builders = new HashMap<>();
        shared.values().forEach(rs -> rs.forEach(r -> builders.computeIfAbsent(r, x -> MerkleTree.builder(x, depth))));
        RangeIndex index = new RangeIndex(new ArrayList<>(builders.keySet()));
        try (Stream<StoredEntry> entries = storage.scan()) {
            entries.forEach(e -> {
                if (tombstones.collectable(e, now)) {
                    if (expired.size() < MAX_COLLECTED_PER_PASS) {
                        expired.add(e);
                    }
                } else if (!index.isEmpty()) {
                    long position = RingHash.of(e.key());
                    index.containing(position).forEach(r -> builders.get(r).add(position, e.key(), e.versions()));
                }
            });
        }
        Map<KeyRange, MerkleTree> trees = new HashMap<>();
        builders.forEach((range, builder) -> trees.put(range, builder.build()));
        return trees;
    }

    /** Drops an expired key unless it changed since the scan (a newer write must survive). */
    private void collect(StoredEntry seen) {
        KeyState after = storage.updateState(seen.key(),
                current -> VersionResolver.sameVersions(current.versions(), seen.versions()) ? KeyState.EMPTY : current);
        if (after.isEmpty()) {
            collected++;
        }
    }

    /** Asks every peer for its trees; the result has an entry for each peer that answered. */
    private Map<String, Map<KeyRange, List<Integer>>> compare(Map<String, List<KeyRange>> shared,
            Map<KeyRange, MerkleTree> local) throws InterruptedException {
        Map<String, Map<KeyRange, CompletableFuture<MerkleReply>>> asked = new LinkedHashMap<>();
        shared.forEach((peer, ranges) -> ranges.forEach(r -> asked.computeIfAbsent(peer, p -> new LinkedHashMap<>())
                .put(r, PeerRequest.ask(requests, ctx, peer,
                        id -> new MerkleRequest(id, ctx.self(), r.start(), r.end(), depth), MerkleReply.class,
                        deadlineMillis))));
        asked.values().forEach(byRange -> merkleRequests += byRange.size());
        Map<String, Map<KeyRange, List<Integer>>> differing = new LinkedHashMap<>();
        for (var peer : asked.entrySet()) {
            for (var range : peer.getValue().entrySet()) {
                MerkleTree theirs = tree(Answers.await(range.getValue(), deadlineMillis));
                if (theirs == null) {
                    continue;
                }
                List<Integer> leaves = MerkleTree.differingLeaves(local.get(range.getKey()), theirs);
                Map<KeyRange, List<Integer>> byRange = differing.computeIfAbsent(peer.getKey(), p -> new HashMap<>());
                if (!leaves.isEmpty()) {
                    byRange.put(range.getKey(), leaves);
                    differingBuckets += leaves.size();
                }
            }
        }
        return differing;
    }

    /** The peer's tree, or null when it did not answer or could not build one (bad depth). */
    private MerkleTree tree(MerkleReply reply) {
        try {
            return reply == null ? null : MerkleTree.fromFlat(reply.tree(), depth);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** Our keys in every differing leaf, by range and leaf. */
    private Map<KeyRange, Map<Integer, List<byte[]>>> localKeys(Map<String, Map<KeyRange, List<Integer>>> differing) {
        Map<KeyRange, Map<Integer, List<byte[]>>> keys = new HashMap<>();
        differing.values().forEach(byRange -> byRange.forEach((range, leaves) -> leaves.forEach(
                leaf -> keys.computeIfAbsent(range, r -> new HashMap<>()).putIfAbsent(leaf, new ArrayList<>()))));
        RangeIndex index = new RangeIndex(new ArrayList<>(keys.keySet()));
        try (Stream<StoredEntry> entries = storage.scan()) {
            entries.forEach(e -> {
                long position = RingHash.of(e.key());
                for (KeyRange range : index.containing(position)) {
                    List<byte[]> leaf = keys.get(range).get(range.bucketOf(position, depth));
                    if (leaf != null) {
                        leaf.add(e.key());
                    }
                }
            });
        }
        return keys;
    }

    /** Fetches the differing leaves from each peer (in chunks) and repairs their keys both ways. */
    private void repair(Map<String, Map<KeyRange, List<Integer>>> differing,
            Map<KeyRange, Map<Integer, List<byte[]>>> ours) throws InterruptedException {
        List<Chunk> chunks = new ArrayList<>();
        differing.forEach((peer, byRange) -> byRange.forEach((range, leaves) ->
                chunks.addAll(askLeaves(peer, range, leaves))));
        for (Chunk chunk : chunks) {
            BucketReply reply = Answers.await(chunk.reply(), deadlineMillis);
            if (reply != null) {
                Map<Integer, List<byte[]>> ourLeaves = ours.get(chunk.range());
                repairKeys(chunk.peer(), chunk.leaves().stream().flatMap(l -> ourLeaves.get(l).stream()).toList(),
                        reply.entries());
            }
        }
    }

    /** One request for some leaves of one range, and its answer to come. */
    private record Chunk(String peer, KeyRange range, List<Integer> leaves, CompletableFuture<BucketReply> reply) {
    }

    /** Asks {@code peer} for its entries in {@code leaves}, a bounded number of leaves per message. */
    private List<Chunk> askLeaves(String peer, KeyRange range, List<Integer> leaves) {
        List<Chunk> chunks = new ArrayList<>();
        for (int from = 0; from < leaves.size(); from += BUCKETS_PER_REQUEST) {
            List<Integer> part = List.copyOf(leaves.subList(from, Math.min(leaves.size(), from + BUCKETS_PER_REQUEST)));
            chunks.add(new Chunk(peer, range, part, PeerRequest.ask(requests, ctx, peer,
                    id -> new BucketRequest(id, ctx.self(), range.start(), range.end(), depth, part),
                    BucketReply.class, deadlineMillis)));
        }
        bucketRequests += chunks.size();
        return chunks;
    }

    private void repairKeys(String peer, List<byte[]> ourKeys, List<StoredEntry> theirEntries) {
        Map<byte[], StoredEntry> theirs = new TreeMap<>(Arrays::compareUnsigned);
        theirEntries.forEach(e -> theirs.put(e.key(), e));
        TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
        keys.addAll(ourKeys);
        keys.addAll(theirs.keySet());
        boolean linearizable = ctx.resolver().mode() == ConflictMode.LINEARIZABLE;
        for (byte[] key : keys) {
            if (!replicates.test(key)) {
                continue; // moved away since the pass began: its new replicas have it, a copy here would stay
            }
            StoredEntry their = theirs.get(key);
            if (linearizable) {
                repairCopy(peer, key, their);
            } else {
                repairKey(peer, key, their == null ? List.of() : their.versions());
            }
        }
    }

    /** Linearizable mode: copies move by accepted ballot, under the acceptor rules on both sides. */
    private void repairCopy(String peer, byte[] key, StoredEntry theirs) {
        KeyState ours = storage.readState(key);
        if (rule.pullCopy(ours, theirs, now)) {
            long floor = tombstones.floor(now);
            KeyState after = storage.updateState(key, s -> Acceptor.lateCopy(s, theirs.accepted(), theirs.versions(), floor));
            if (!after.equals(ours)) {
                pulled++;
            }
            ours = after;
        }
        if (rule.pushCopy(key, ours, theirs, now)) {
            ctx.send(peer, new WriteRequest(requests.nextId(), ctx.self(), key, ours.versions(), null, ours.accepted()));
            pushed++;
        }
    }

    private void repairKey(String peer, byte[] key, List<Versioned> theirs) {
        List<Versioned> ours = storage.get(key);
        if (rule.pull(ours, theirs, now)) {
            List<Versioned> after = storage.update(key, current -> ctx.resolver().reconcile(current, theirs));
            if (!VersionResolver.sameVersions(after, ours)) {
                pulled++;
            }
            ours = after;
        }
        if (rule.push(ours, theirs, now)) {
            ctx.send(peer, new WriteRequest(requests.nextId(), ctx.self(), key, ours, null));
            pushed++;
        }
    }
}
