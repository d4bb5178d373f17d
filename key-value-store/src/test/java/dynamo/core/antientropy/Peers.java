package dynamo.core.antientropy;

import dynamo.cluster.InMemoryNetwork;
import dynamo.node.WheelTimerScheduler;
import dynamo.core.liveness.FailureDetector;
import dynamo.core.operation.OperationContext;
import dynamo.core.operation.Quorum;
import dynamo.core.operation.RequestTable;
import dynamo.core.operation.Timeouts;
import dynamo.core.message.Message;
import dynamo.core.message.Message.BucketRequest;
import dynamo.core.message.Message.MerkleRequest;
import dynamo.core.message.Message.WriteRequest;
import dynamo.core.ring.Ring;
import dynamo.core.version.ClockEntry;
import dynamo.core.paxos.Acceptor;
import dynamo.core.storage.KeyState;
import dynamo.core.version.Ballot;
import dynamo.core.version.ConflictMode;
import dynamo.core.version.VectorClock;
import dynamo.core.version.Version;
import dynamo.core.version.VersionResolver;
import dynamo.core.version.Versioned;
import dynamo.core.version.WriteTag;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Three anti-entropy instances (nodes a, b, c; N = 3, so each replicates every key) over an in-memory
 * network, with real timers but none of the rest of a node: no probing, no hints, no coordinator.
 * Nothing runs periodically unless a test calls {@link AntiEntropy#start()}.
 */
final class Peers implements AutoCloseable {
    static final List<String> IDS = List.of("a", "b", "c");
    private static final Timeouts TIMEOUTS = new Timeouts(100, 2000, 50, 3_600_000);

    final Ring ring;
    final InMemoryNetwork network = new InMemoryNetwork();
    final WheelTimerScheduler scheduler = new WheelTimerScheduler();
    private final Map<String, Peer> peers = new LinkedHashMap<>();

    /** One node's anti-entropy and what it needs. */
    record Peer(String id, CountingStorage storage, AntiEntropy antiEntropy, OperationContext ctx) {
    }

    Peers(ConflictMode mode, long graceMillis, int depth, long periodMillis) {
        this(new Ring(IDS, 1), mode, graceMillis, depth, periodMillis);
    }

    Peers(Ring ring, ConflictMode mode, long graceMillis, int depth, long periodMillis) {
        this.ring = ring;
        for (String id : IDS) {
            OperationContext ctx = new OperationContext(id, network.transportFor(id), scheduler,
                    new FailureDetector(id, scheduler, TIMEOUTS.suspectAfterMillis()), new VersionResolver(mode),
                    new Quorum(3, 2, 2), TIMEOUTS, new AtomicLong());
            RequestTable requests = new RequestTable(ctx);
            CountingStorage storage = new CountingStorage();
            AntiEntropy antiEntropy = new AntiEntropy(ctx, () -> ring, storage, requests, periodMillis, graceMillis,
                    depth);
            ctx.transport().start(m -> dispatch(ctx, requests, storage, antiEntropy, m));
            peers.put(id, new Peer(id, storage, antiEntropy, ctx));
        }
    }

    Peers(long graceMillis) {
        this(ConflictMode.LINEARIZABLE, graceMillis, MerkleTree.DEFAULT_DEPTH, 3_600_000);
    }

    private static void dispatch(OperationContext ctx, RequestTable requests, CountingStorage storage,
            AntiEntropy antiEntropy, Message m) {
        ctx.detector().heard(m.from());
        if (m instanceof MerkleRequest tree) {
            antiEntropy.onMerkleRequest(tree);
        } else if (m instanceof BucketRequest bucket) {
            antiEntropy.onBucketRequest(bucket);
        } else if (m instanceof WriteRequest write) {
            if (ctx.resolver().mode() == ConflictMode.LINEARIZABLE) {
                storage.updateState(write.key(), s -> Acceptor.lateCopy(s, write.accepted(), write.versions(), 0));
            } else {
                storage.update(write.key(), cur -> ctx.resolver().reconcile(cur, write.versions()));
            }
        } else {
            requests.deliver(m);
        }
    }

    Peer peer(String id) {
        return peers.get(id);
    }

    CountingStorage storage(String id) {
        return peers.get(id).storage();
    }

    AntiEntropy antiEntropy(String id) {
        return peers.get(id).antiEntropy();
    }

    /**
     * Stores {@code versions} of {@code key} on the given nodes, as a replica would: in linearizable mode
     * as accepted with {@link #ballotOf} (so a later version has a higher ballot), else resolved.
     */
    void store(byte[] key, List<Versioned> versions, String... on) {
        for (String id : on) {
            Peer p = peers.get(id);
            if (p.ctx().resolver().mode() == ConflictMode.LINEARIZABLE) {
                Ballot b = ballotOf(versions);
                p.storage().updateState(key, cur -> new KeyState(Ballot.max(cur.promised(), b), b, versions));
            } else {
                p.storage().update(key, cur -> p.ctx().resolver().reconcile(cur, versions));
            }
        }
    }

    /** The ballot a test version was accepted with: its clock's time, then its tag counter, then its writer. */
    static Ballot ballotOf(List<Versioned> versions) {
        Versioned v = versions.get(0);
        long time = v.clock().entries().stream().mapToLong(ClockEntry::timestamp).max().orElse(0);
        return new Ballot(time * 1000 + v.tag().counter(), v.tag().nodeId());
    }

    static byte[] key(int i) {
        return ("key-" + i).getBytes(StandardCharsets.UTF_8);
    }

    static Versioned value(String value, long counter, String writer, long timestamp) {
        return new Versioned(value.getBytes(StandardCharsets.UTF_8), version(counter, writer, timestamp));
    }

    static Versioned tombstone(long counter, String writer, long timestamp) {
        return Versioned.tombstone(version(counter, writer, timestamp));
    }

    private static Version version(long counter, String writer, long timestamp) {
        VectorClock clock = new VectorClock(List.of(new ClockEntry(writer, counter, timestamp)));
        return new Version(clock, new WriteTag(counter, writer, counter));
    }

    @Override
    public void close() throws Exception {
        peers.values().forEach(p -> p.antiEntropy().stop());
        scheduler.close();
        network.close();
    }
}
