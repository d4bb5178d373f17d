package dynamo.core.move;

import dynamo.core.antientropy.KeyRange;
import dynamo.core.antientropy.PeerRequest;
import dynamo.core.message.Message.StreamReply;
import dynamo.core.message.Message.StreamRequest;
import dynamo.core.operation.OperationContext;
import dynamo.core.operation.Quorum;
import dynamo.core.operation.RequestTable;
import dynamo.core.paxos.Acceptor;
import dynamo.core.storage.KeyState;
import dynamo.core.storage.StorageEngine;
import dynamo.core.storage.StoredEntry;
import dynamo.core.version.ConflictMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The receiving side of a stream, run by a node that gains ranges in a move, on the move thread (it
 * blocks on each page). It pulls every gained range from each of its old replicas that seem up, one
 * page at a time, and applies each entry by {@link Acceptor#streamedCopy} (in siblings mode: merged).
 * A range counts as streamed once a majority of its old replicas delivered all of it: every write
 * acknowledged before the move reached a majority of them, so one of that majority holds it, and the
 * highest accepted ballot of the copies wins. A short pause between pages leaves the sources' disks
 * and handler threads to foreground requests.
 */
final class RangeStreamer {
    static final int PAGE_SIZE = 500;
    static final long PAGE_PAUSE_MILLIS = 2;
    static final int ATTEMPTS_PER_PAGE = 3;

    /** What a stream moved, and whether every gained range got a majority of its old replicas. */
    record Result(boolean complete, long keys, long bytes, String detail) {
    }

    private final OperationContext ctx;
    private final RequestTable requests;
    private final StorageEngine storage;
    private final Progress progress;
    private long keys;
    private long bytes;

    RangeStreamer(OperationContext ctx, RequestTable requests, StorageEngine storage, Progress progress) {
        this.ctx = ctx;
        this.requests = requests;
        this.storage = storage;
        this.progress = progress;
    }

    /** Counts what the streams of this node moved, for the admin view while one runs. */
    static final class Progress {
        volatile long keys;
        volatile long bytes;
    }

    Result stream(List<MovePlan.Shift> gained) throws InterruptedException {
        Map<String, List<KeyRange>> bySource = new TreeMap<>();
        gained.forEach(s -> s.from().forEach(source -> bySource.computeIfAbsent(source, x -> new ArrayList<>()).add(s.range())));
        Set<String> delivered = new TreeSet<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (var source : bySource.entrySet()) {
            String node = source.getKey();
            if (!ctx.detector().seemsUp(node)) {
                failures.put(node, "seems down");
                continue;
            }
            String failure = pull(node, source.getValue());
            if (failure == null) {
                delivered.add(node);
            } else {
                failures.put(node, failure);
            }
        }
        List<MovePlan.Shift> short_ = gained.stream()
                .filter(s -> s.from().stream().filter(delivered::contains).count() < Quorum.majority(s.from().size()))
                .toList();
        String detail = short_.isEmpty() ? "streamed " + gained.size() + " ranges from " + delivered
                : short_.size() + " of " + gained.size() + " ranges lack a majority of their old replicas: " + failures;
        return new Result(short_.isEmpty(), keys, bytes, detail);
    }

    /** Pulls every page of {@code ranges} from {@code source}; null on success, else why not. */
    private String pull(String source, List<KeyRange> ranges) throws InterruptedException {
        List<Long> pairs = StreamSource.pairs(ranges);
        byte[] after = null;
        while (true) {
            StreamReply page = null;
            String failure = null;
            for (int attempt = 0; attempt < ATTEMPTS_PER_PAGE && page == null; attempt++) {
                byte[] from = after;
                try {
                    page = PeerRequest.ask(requests, ctx, source,
                            id -> new StreamRequest(id, ctx.self(), pairs, from, PAGE_SIZE), StreamReply.class,
                            ctx.deadlines().antiEntropyExchangeMillis())
                            .get(ctx.deadlines().antiEntropyExchangeMillis() + 1000, TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    failure = String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e);
                }
            }
            if (page == null) {
                return failure;
            }
            page.entries().forEach(this::apply);
            if (page.last()) {
                return null;
            }
            after = page.resumeAfter();
            Thread.sleep(PAGE_PAUSE_MILLIS);
        }
    }

    /** Applies one copy; counts it only if it changed what is stored (the first of a key's copies, usually). */
    private void apply(StoredEntry entry) {
        KeyState before = storage.readState(entry.key());
        KeyState after = ctx.resolver().mode() == ConflictMode.LINEARIZABLE
                ? storage.updateState(entry.key(), s -> Acceptor.streamedCopy(s, entry.accepted(), entry.versions()))
                : storage.updateState(entry.key(), s -> s.withVersions(ctx.resolver().reconcile(s.versions(), entry.versions())));
        if (after.equals(before)) {
            return;
        }
        keys++;
        bytes += EntrySize.of(entry);
        progress.keys++;
        progress.bytes += EntrySize.of(entry);
    }
}
