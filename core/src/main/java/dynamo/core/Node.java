package dynamo.core;

import dynamo.core.antientropy.AntiEntropy;
import dynamo.core.epoch.ConfigChangeOperation;
import dynamo.core.epoch.EpochGate;
import dynamo.core.epoch.EpochRing;
import dynamo.core.epoch.RingConfig;
import dynamo.core.epoch.RingConfigCodec;
import dynamo.core.epoch.RingConfigStore;
import dynamo.core.epoch.RingService;
import dynamo.core.epoch.StaleRingRetry;
import dynamo.core.handoff.HintDelivery;
import dynamo.core.handoff.HintKeeper;
import dynamo.core.handoff.HintStore;
import dynamo.core.liveness.FailureDetector;
import dynamo.core.liveness.Prober;
import dynamo.core.membership.Member;
import dynamo.core.message.ClientRequest;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.Message.RingConfigReply;
import dynamo.core.message.Message.RingFetch;
import dynamo.core.message.Message.ScanReply;
import dynamo.core.move.MoveDriver;
import dynamo.core.move.MoveService;
import dynamo.core.move.StreamSource;
import dynamo.core.operation.NodeEvents;
import dynamo.core.operation.OperationContext;
import dynamo.core.operation.Quorum;
import dynamo.core.operation.RequestTable;
import dynamo.core.operation.Scheduler;
import dynamo.core.operation.Timeouts;
import dynamo.core.paxos.ProposerCache;
import dynamo.core.replica.ReplicaService;
import dynamo.core.ring.Ring;
import dynamo.core.routing.Coordinator;
import dynamo.core.scan.GlobalScan;
import dynamo.core.scan.RangeCoverage;
import dynamo.core.scan.ScanPageOperation;
import dynamo.core.storage.StorageEngine;
import dynamo.core.transport.Transport;
import dynamo.core.version.BallotClock;
import dynamo.core.version.ConflictMode;
import dynamo.core.version.VersionResolver;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Dynamo node's logic, independent of the adapters that give it storage and messaging: the
 * coordinator (client requests), the replica service (its share of the data), failure detection,
 * hinted handoff and the global scan. The production wiring and the in-process test cluster both
 * build nodes through this class.
 */
public final class Node implements AutoCloseable {
    private static final int SCAN_PAGE_SIZE = 500;
    /** Keys whose promise a coordinator keeps (the one-round-trip optimisation); about 200 bytes each. */
    public static final int DEFAULT_PROMISES_KEPT = 100_000;
    /** A start's own clean-up of moved ranges waits until the node has settled (it scans the store). */
    static final long CLEAN_UP_AFTER_START_MILLIS = 30_000;

    private final OperationContext context;
    private final EpochRing ring;
    private final RingService ringService;
    private final StorageEngine storage;
    private final RequestTable requests;
    private final Coordinator coordinator;
    private final ReplicaService replica;
    private final Prober prober;
    private final HintDelivery hintDelivery;
    private final AntiEntropy antiEntropy;
    private final StaleRingRetry staleRingRetry;
    private final MoveService moves;
    private final StreamSource streams;
    private final MoveDriver moveDriver;
    private volatile boolean closed;

    /** Everything a node is configured with. */
    public record Settings(String nodeId, Quorum quorum, ConflictMode conflicts, Timeouts timeouts,
            long hintDeliveryMillis, long antiEntropyMillis, long tombstoneGraceMillis, int promisesKept) {
        public Settings(String nodeId, Quorum quorum, ConflictMode conflicts, Timeouts timeouts,
                long hintDeliveryMillis, long antiEntropyMillis, long tombstoneGraceMillis) {
            this(nodeId, quorum, conflicts, timeouts, hintDeliveryMillis, antiEntropyMillis, tombstoneGraceMillis,
                    DEFAULT_PROMISES_KEPT);
        }
    }

    /**
     * @param ring      this node's epoch ring, opened on {@code ringStore}
     * @param ballots   this node's ballots, opened on its reservation ({@link BallotClock#open}) before the node
     * @param bareTransport the transport; the node puts its {@link EpochGate} around it
     */
    public Node(Settings settings, EpochRing ring, RingConfigStore ringStore, BallotClock ballots, StorageEngine storage,
            HintStore hints, Transport bareTransport, Scheduler scheduler, NodeEvents events) {
        this.ring = ring;
        this.storage = storage;
        Transport transport = new EpochGate(bareTransport, settings.nodeId(), ring, scheduler::nowMillis);
        FailureDetector detector = new FailureDetector(settings.nodeId(), scheduler,
                settings.timeouts().suspectAfterMillis());
        VersionResolver resolver = new VersionResolver(settings.conflicts());
        this.context = new OperationContext(settings.nodeId(), transport, scheduler, detector, resolver,
                settings.quorum(), settings.timeouts(), new AtomicLong(scheduler.nowMillis() * 1000), ballots, events);
        this.requests = new RequestTable(context);
        this.coordinator = new Coordinator(context, ring, key -> ring.replicas(key, settings.quorum().n()), requests,
                new ProposerCache(settings.promisesKept()));
        this.replica = new ReplicaService(settings.nodeId(), storage, new HintKeeper(hints, resolver), resolver, transport::send, events,
                () -> scheduler.nowMillis() - settings.tombstoneGraceMillis(),
                key -> ring.replicas(key, settings.quorum().n()).contains(settings.nodeId()));
        this.prober = new Prober(context, () -> ring.config().everyone());
        this.hintDelivery = new HintDelivery(context, hints, requests, settings.hintDeliveryMillis(),
                (target, key) -> ring.replicas(key, settings.quorum().n()).contains(target));
        this.antiEntropy = new AntiEntropy(context, ring, storage, requests, settings.antiEntropyMillis(),
                settings.tombstoneGraceMillis());
        this.ringService = new RingService(settings.nodeId(), ring, ringStore, transport::send);
        this.staleRingRetry = new StaleRingRetry(ring, scheduler,
                context.deadlines().staleRingWaitMillis(),
                holder -> transport.send(holder, new RingFetch(0, settings.nodeId())));
        this.moves = new MoveService(context, requests, ring, storage);
        this.streams = new StreamSource(settings.nodeId(), storage, transport::send);
        this.moveDriver = new MoveDriver(context, requests, ring, this::proposeRing);
    }

    /** Starts receiving messages and the background tasks (probing, hint delivery). */
    public void start() {
        context.transport().onUnreachable(context.detector()::unreachable);
        context.transport().onArrival(context.detector()::heard);
        context.transport().start(new MessageDispatcher(context, replica, coordinator, requests, antiEntropy, ringService,
                moves, streams));
        prober.start();
        hintDelivery.start();
        antiEntropy.start();
        moves.start(CLEAN_UP_AFTER_START_MILLIS);
        keepBallotsAhead();
    }

    /** Every second, the ballot reservation is extended (asynchronously) if the wall clock nears its end. */
    private void keepBallotsAhead() {
        if (closed) {
            return;
        }
        context.ballots().keepAhead(context.scheduler().nowMillis());
        context.scheduler().schedule(this::keepBallotsAhead, BallotClock.KEEP_AHEAD_EVERY_MILLIS);
    }

    public String id() {
        return context.self();
    }

    /** A client's request; one refused for this node's stale ring runs once more on the newer ring. */
    public CompletableFuture<ClientResponse> submit(ClientRequest request) {
        long deadlineAt = coordinator.deadlineFromNow();
        ClientRequest named = coordinator.named(request);
        long epoch = ring.epoch();
        return coordinator.submit(named, deadlineAt).thenCompose(answer ->
                staleRingRetry.after(answer, epoch, deadlineAt, () -> coordinator.submit(named, deadlineAt)));
    }

    public EpochRing ring() {
        return ring;
    }

    /**
     * Proposes {@code next} as the ring register's next value (compare-and-set from the epoch before
     * it, among the members of this node's config); WRITTEN once chosen, REJECTED when the register is
     * past that epoch, UNAVAILABLE without a majority. A change of members goes through
     * {@link #changeMembers}, which moves the data too.
     */
    public CompletableFuture<ClientResponse> proposeRing(RingConfig next) {
        RingConfig known = ring.config();
        ConfigChangeOperation op = new ConfigChangeOperation(requests.nextId(), context, known, next,
                chosen -> announce(known, chosen));
        requests.start(op, context.deadlines().requestMillis());
        return op.result();
    }

    /**
     * Moves the ring to {@code members}: a join, leave or remove (or several at once), with the data
     * streamed to the nodes that gain ranges before they serve them alone (see {@link MoveDriver}).
     * {@code addresses} tells the other nodes how to reach new members. Fails with
     * {@link MoveDriver.Refused} while another change is under way, {@link MoveDriver.Stalled} when it
     * cannot finish now (asking again resumes it).
     */
    public CompletableFuture<MoveDriver.Report> changeMembers(Collection<String> members, Collection<Member> addresses) {
        Set<String> wanted = new TreeSet<>(members);
        return moveDriver.change(current -> wanted, addresses);
    }

    /** This node joins the ring: {@code self} says where the others reach it. */
    public CompletableFuture<MoveDriver.Report> join(Member self) {
        return moveDriver.change(current -> {
            current.add(self.id());
            return current;
        }, List.of(self));
    }

    /** {@code node} leaves the ring (decommission, or removal of a dead node): its ranges move to the others. */
    public CompletableFuture<MoveDriver.Report> leave(String node) {
        return moveDriver.change(current -> {
            current.remove(node);
            return current;
        }, List.of());
    }

    /** What the move driver of this node is doing ("idle" when none runs here). */
    public String movePhase() {
        return moveDriver.phase();
    }

    /** Keys and bytes this node received by streaming since it started. */
    public long[] streamed() {
        return new long[] {moves.keysStreamed(), moves.bytesStreamed()};
    }

    /**
     * Moves the ring to the members discovery lists (with this node), if they differ from the current ones.
     */
    public CompletableFuture<?> followMembers(Collection<String> ids, Collection<Member> addresses) {
        Set<String> wanted = new TreeSet<>(ids);
        wanted.add(id());
        RingConfig known = ring.config();
        if (known.move() == null && wanted.equals(new TreeSet<>(known.members()))) {
            return CompletableFuture.completedFuture(null);
        }
        return changeMembers(wanted, addresses);
    }

    /** A chosen config: installed here, and pushed to every node of the old and the new config. */
    private void announce(RingConfig known, RingConfig chosen) {
        ring.install(chosen);
        Set<String> everyone = new TreeSet<>(known.everyone());
        everyone.addAll(chosen.everyone());
        everyone.remove(id());
        RingConfigReply push = new RingConfigReply(0, id(), RingConfigCodec.encode(chosen));
        everyone.forEach(member -> context.send(member, push));
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

    /** Ballots refused since start because their reservation was not saved yet (each cost its operation a retry). */
    public long ballotRefusals() {
        return context.ballots().refusals();
    }

    /**
     * The {@code *} query over every node that is up; it fails if some ring range has no replica
     * among them that delivers. Merging runs on {@code continueOn}.
     */
    public GlobalScan globalScan(Executor continueOn) {
        Ring current = ring.get();
        List<String> live = current.nodes().stream().filter(context.detector()::seemsUp).toList();
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
        closed = true;
        moveDriver.stop();
        moves.stop();
        prober.stop();
        hintDelivery.stop();
        antiEntropy.stop();
        context.transport().close();
    }
}
