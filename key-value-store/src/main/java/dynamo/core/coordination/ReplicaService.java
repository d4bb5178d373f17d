package dynamo.core.coordination;

import dynamo.core.message.Message;
import dynamo.core.message.Message.ReadReply;
import dynamo.core.message.Message.ReadRequest;
import dynamo.core.message.Message.ScanReply;
import dynamo.core.message.Message.ScanRequest;
import dynamo.core.message.Message.WriteReply;
import dynamo.core.message.Message.WriteRequest;
import dynamo.core.storage.HintStore;
import dynamo.core.storage.StorageEngine;
import dynamo.core.storage.StoredEntry;
import dynamo.core.version.VersionResolver;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * The replica side of the replication path: answers reads, applies writes (resolving them against
 * what is stored, in one storage transaction), keeps hints for other nodes, and serves scan pages.
 */
public final class ReplicaService {
    private final String self;
    private final StorageEngine storage;
    private final HintStore hints;
    private final VersionResolver resolver;
    private final BiConsumer<String, Message> reply;
    private final NodeEvents events;

    public ReplicaService(String self, StorageEngine storage, HintStore hints, VersionResolver resolver,
            BiConsumer<String, Message> reply, NodeEvents events) {
        this.events = events;
        this.self = self;
        this.storage = storage;
        this.hints = hints;
        this.resolver = resolver;
        this.reply = reply;
    }

    public void onRead(ReadRequest read) {
        long started = System.nanoTime();
        reply.accept(read.from(), new ReadReply(read.requestId(), self, storage.get(read.key())));
        events.replicaServed(false, System.nanoTime() - started);
    }

    public void onWrite(WriteRequest write) {
        long started = System.nanoTime();
        if (write.hintFor() == null || write.hintFor().equals(self)) {
            storage.update(write.key(), current -> resolver.reconcile(current, write.versions()));
        } else {
            hints.update(write.hintFor(), write.key(), current -> resolver.reconcile(current, write.versions()));
        }
        reply.accept(write.from(), new WriteReply(write.requestId(), self));
        events.replicaServed(true, System.nanoTime() - started);
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
