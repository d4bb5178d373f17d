package dynamo.core;

import dynamo.core.antientropy.AntiEntropy;
import dynamo.core.coordination.Coordinator;
import dynamo.core.coordination.NodeEvents;
import dynamo.core.coordination.FailureDetector;
import dynamo.core.coordination.HintDelivery;
import dynamo.core.coordination.MessageDispatcher;
import dynamo.core.coordination.OperationContext;
import dynamo.core.coordination.Prober;
import dynamo.core.coordination.Quorum;
import dynamo.core.coordination.ReplicaService;
import dynamo.core.coordination.RequestTable;
import dynamo.core.coordination.ScanPageOperation;
import dynamo.core.coordination.Scheduler;
import dynamo.core.coordination.Timeouts;
import dynamo.core.paxos.ProposerCache;
import dynamo.core.message.ClientRequest;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.Message.ScanReply;
import dynamo.core.ring.Ring;
import dynamo.core.scan.GlobalScan;
import dynamo.core.scan.RangeCoverage;
import dynamo.core.storage.HintStore;
import dynamo.core.storage.StorageEngine;
import dynamo.core.transport.Transport;
import dynamo.core.version.ConflictMode;
import dynamo.core.version.VersionResolver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One Dynamo node's logic, independent of the adapters that give it storage and messaging: the
 * coordinator (client requests), the replica service (its share of the data), failure detection,
 * hinted handoff and the global scan. The production wiring and the in-process test cluster both
 * build nodes through this class.
 */
public final class Node implements AutoCloseable {
    private static final int SCAN_PAGE_SIZE = 500;

    private final OperationContext context;
    private final Supplier<Ring> ring;
    private final StorageEngine storage;
    private final RequestTable requests;
    private final Coordinator coordinator;
    private final ReplicaService replica;
    private final Prober prober;
    private final HintDelivery hintDelivery;
    private final AntiEntropy antiEntropy;

    /** Keys whose promise a coordinator keeps (the one-round-trip optimisation); about 200 bytes each. */
    public static final int DEFAULT_PROMISES_KEPT = 100_000;

    /** Everything a node is configured with. */
    public record Settings(String nodeId, Quorum quorum, ConflictMode conflicts, Timeouts timeouts,
            long hintDeliveryMillis, long antiEntropyMillis, long tombstoneGraceMillis, int promisesKept) {
        public Settings(String nodeId, Quorum quorum, ConflictMode conflicts, Timeouts timeouts,
                long hintDeliveryMillis, long antiEntropyMillis, long tombstoneGraceMillis) {
            this(nodeId, quorum, conflicts, timeouts, hintDeliveryMillis, antiEntropyMillis, tombstoneGraceMillis,
                    DEFAULT_PROMISES_KEPT);
        }
    }

    public Node(Settings settings, Supplier<Ring> ring, StorageEngine storage, HintStore hints, Transport transport,
            Scheduler scheduler, NodeEvents events) {
        this.ring = ring;
        this.storage = storage;
        FailureDetector detector = new FailureDetector(settings.nodeId(), scheduler,
                settings.timeouts().suspectAfterMillis());
        VersionResolver resolver = new VersionResolver(settings.conflicts());
        this.context = new OperationContext(settings.nodeId(), transport, scheduler, detector, resolver,
                settings.quorum(), settings.timeouts(), new AtomicLong(scheduler.nowMillis() * 1000), events);
        this.requests = new RequestTable(context);
        this.coordinator = new Coordinator(context, ring, requests, new ProposerCache(settings.promisesKept()));
        this.replica = new ReplicaService(settings.nodeId(), storage, hints, resolver, transport::send, events,
                () -> scheduler.nowMillis() - settings.tombstoneGraceMillis());
        this.prober = new Prober(context, () -> ring.get().nodes());
        this.hintDelivery = new HintDelivery(context, hints, requests, settings.hintDeliveryMillis());
        this.antiEntropy = new AntiEntropy(context, ring, storage, requests, settings.antiEntropyMillis(),
                settings.tombstoneGraceMillis());
    }

    /** Starts receiving messages and the background tasks (probing, hint delivery). */
    public void start() {
        context.transport().onUnreachable(context.detector()::unreachable);
        context.transport().start(new MessageDispatcher(context, replica, coordinator, requests, antiEntropy));
        prober.start();
        hintDelivery.start();
        antiEntropy.start();
    }

    public String id() {
        return context.self();
    }

    public CompletableFuture<ClientResponse> submit(ClientRequest request) {
        return coordinator.submit(request);
    }

    public Quorum quorum() {
        return context.defaults();
    }

    public FailureDetector detector() {
        return context.detector();
    }

    public StorageEngine storage() {
        return storage;
    }

    public AntiEntropy antiEntropy() {
        return antiEntropy;
    }

    public int requestsInFlight() {
        return requests.size();
    }

    /**
     * The {@code *} query over every node that is up; it fails if some ring range has no replica
     * among them that delivers. Merging runs on {@code continueOn}.
     */
    public GlobalScan globalScan(Executor continueOn) {
        Ring current = ring.get();
        List<String> live = current.nodes().stream().filter(context.detector()::isAlive).toList();
        return new GlobalScan(live, RangeCoverage.of(current, context.defaults().n()), this::fetchScanPage,
                context.resolver(), context.deadlines().backgroundMillis(), continueOn);
    }

    private CompletableFuture<ScanReply> fetchScanPage(String node, byte[] afterKey) {
        ScanPageOperation op = new ScanPageOperation(requests.nextId(), context, node, afterKey, SCAN_PAGE_SIZE);
        CompletableFuture<ScanReply> page = op.page();
        requests.start(op, context.deadlines().backgroundMillis());
        return page;
    }

    /** Stops background work and messaging; storage belongs to whoever opened it. */
    @Override
    public void close() {
        prober.stop();
        hintDelivery.stop();
        antiEntropy.stop();
        context.transport().close();
    }
}
