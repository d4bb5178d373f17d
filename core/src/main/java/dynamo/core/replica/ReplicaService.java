package dynamo.core.replica;

import dynamo.core.handoff.HintKeeper;
import dynamo.core.message.Message;
import dynamo.core.message.Message.Accept;
import dynamo.core.message.Message.Accepted;
import dynamo.core.message.Message.Prepare;
import dynamo.core.message.Message.Promise;
import dynamo.core.message.Message.ReadReply;
import dynamo.core.message.Message.ReadRequest;
import dynamo.core.message.Message.ScanReply;
import dynamo.core.message.Message.ScanRequest;
import dynamo.core.message.Message.WriteReply;
import dynamo.core.message.Message.WriteRequest;
import dynamo.core.operation.NodeEvents;
import dynamo.core.paxos.Acceptor;
import dynamo.core.storage.KeyState;
import dynamo.core.storage.StorageEngine;
import dynamo.core.storage.StoredEntry;
import dynamo.core.version.Ballot;
import dynamo.core.version.ConflictMode;
import dynamo.core.version.VersionResolver;
import dynamo.core.version.Versioned;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The replica side of the replication path. In linearizable mode it is the key's acceptor: prepares
 * and accepts follow {@link Acceptor}'s rules inside one storage transaction per message, and writes
 * (hints, read repair, anti-entropy) are late copies under the same rules. In siblings mode writes are
 * resolved against what is stored. It also answers reads, keeps hints for other nodes, and serves
 * scan pages.
 */
public final class ReplicaService {
    private final String self;
    private final StorageEngine storage;
    private final HintKeeper hints;
    private final VersionResolver resolver;
    private final BiConsumer<String, Message> reply;
    private final NodeEvents events;
    private final LongSupplier floorMillis;
    private final Predicate<byte[]> replicates;

    /**
     * @param floorMillis the oldest ballot time that may still create an absent key (now less the tombstone grace)
     * @param replicates  whether this node replicates a key at its epoch: a late copy of a key it does not
     *                    (a hint or repair from before a move) is acknowledged but not stored
     */
    public ReplicaService(String self, StorageEngine storage, HintKeeper hints, VersionResolver resolver,
            BiConsumer<String, Message> reply, NodeEvents events, LongSupplier floorMillis,
            Predicate<byte[]> replicates) {
        this.replicates = replicates;
        this.events = events;
        this.self = self;
        this.storage = storage;
        this.hints = hints;
        this.resolver = resolver;
        this.reply = reply;
        this.floorMillis = floorMillis;
    }

    public void onRead(ReadRequest read) {
        long started = System.nanoTime();
        KeyState state = storage.readState(read.key());
        reply.accept(read.from(), new ReadReply(read.requestId(), self, state.versions(), state.accepted()));
        events.replicaServed(false, System.nanoTime() - started);
    }

    public void onPrepare(Prepare prepare) {
        long started = System.nanoTime();
        KeyState after = storage.updateState(prepare.key(), s -> Acceptor.prepare(s, prepare.ballot()));
        boolean ok = Acceptor.promised(after, prepare.ballot());
        reply.accept(prepare.from(), new Promise(prepare.requestId(), self, prepare.ballot(), ok, after.promised(),
                after.accepted(), ok ? after.versions() : List.of()));
        events.replicaServed(true, System.nanoTime() - started);
    }

    public void onAccept(Accept accept) {
        long started = System.nanoTime();
        long floor = floorMillis.getAsLong();
        KeyState after = storage.updateState(accept.key(),
                s -> Acceptor.accept(s, accept.ballot(), accept.versions(), accept.next(), floor));
        reply.accept(accept.from(), new Accepted(accept.requestId(), self, accept.ballot(),
                Acceptor.accepted(after, accept.ballot()), after.promised()));
        events.replicaServed(true, System.nanoTime() - started);
    }

    public void onWrite(WriteRequest write) {
        long started = System.nanoTime();
        if (write.hintFor() == null || write.hintFor().equals(self)) {
            if (replicates.test(write.key())) {
                apply(write.key(), write.versions(), write.accepted());
            }
        } else {
            hints.keep(write);
        }
        reply.accept(write.from(), new WriteReply(write.requestId(), self));
        events.replicaServed(true, System.nanoTime() - started);
    }

    /** Applies a copy of another replica's versions: by the acceptor rules, or by version resolution for siblings. */
    public KeyState apply(byte[] key, List<Versioned> versions, Ballot accepted) {
        if (resolver.mode() == ConflictMode.LINEARIZABLE) {
            long floor = floorMillis.getAsLong();
            return storage.updateState(key, s -> Acceptor.lateCopy(s, accepted, versions, floor));
        }
        return storage.updateState(key, s -> s.withVersions(resolver.reconcile(s.versions(), versions)));
    }

    public void onScan(ScanRequest scan) {
        try (Stream<StoredEntry> entries = scan.afterKey() == null ? storage.scan() : storage.scanAfter(scan.afterKey())) {
            List<StoredEntry> page = entries.limit(scan.limit() + 1L)
                    .toList();
            boolean last = page.size() <= scan.limit();
            reply.accept(scan.from(), new ScanReply(scan.requestId(), self,
                    last ? page : page.subList(0, scan.limit()), last));
        }
    }
}
