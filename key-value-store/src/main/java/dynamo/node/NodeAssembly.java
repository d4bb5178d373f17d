package dynamo.node;

import dynamo.activemq.ActiveMqTransport;
import dynamo.activemq.EmbeddedBroker;
import dynamo.activemq.TransportTuning;
import dynamo.bdb.BdbEnvironment;
import dynamo.bdb.BdbHintStore;
import dynamo.bdb.BdbStorageEngine;
import dynamo.core.coordination.Coordinator;
import dynamo.core.coordination.CoordinatorListener;
import dynamo.core.coordination.ExecutorScheduler;
import dynamo.core.coordination.FailureDetector;
import dynamo.core.coordination.MessageDispatcher;
import dynamo.core.coordination.OperationContext;
import dynamo.core.coordination.Prober;
import dynamo.core.coordination.Quorum;
import dynamo.core.coordination.ReplicaService;
import dynamo.core.coordination.RequestTable;
import dynamo.core.coordination.ScanPageOperation;
import dynamo.core.coordination.Timeouts;
import dynamo.core.membership.Member;
import dynamo.core.membership.Membership;
import dynamo.core.membership.StaticMembership;
import dynamo.core.message.Message.ScanReply;
import dynamo.core.ring.Ring;
import dynamo.core.scan.GlobalScan;
import dynamo.core.storage.HintStore;
import dynamo.core.storage.StorageEngine;
import dynamo.core.version.VersionResolver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place where a node is put together, with plain constructors: storage, broker, transport,
 * ring, failure detector, coordinator and replica service. Start order: storage, broker, transport,
 * probing; close runs in reverse.
 */
public final class NodeAssembly implements AutoCloseable {
    private static final int SCAN_PAGE_SIZE = 500;

    public final String nodeId;
    public final Quorum quorum;
    public final long maxValueBytes;
    public final BdbEnvironment environment;
    public final StorageEngine storage;
    public final HintStore hints;
    public final EmbeddedBroker broker;
    public final ActiveMqTransport transport;
    public final Membership membership;
    public final Ring ring;
    public final FailureDetector detector;
    public final OperationContext context;
    public final Coordinator coordinator;
    private final ExecutorScheduler scheduler = new ExecutorScheduler();
    private final RequestTable requests;
    private final Prober prober;

    public NodeAssembly(DynamoConfiguration config, CoordinatorListener listener) {
        this.nodeId = config.nodeId;
        this.quorum = new Quorum(config.replication.n, config.replication.r, config.replication.w);
        this.maxValueBytes = config.maxValueBytes;
        this.membership = new StaticMembership(config.peers.stream()
                .map(p -> new Member(p.id, p.brokerUrl, p.httpUrl)).toList());
        this.ring = new Ring(membership.members().stream().map(Member::id).toList(), config.replication.virtualNodes);
        this.environment = new BdbEnvironment(Path.of(config.dataDir), config.storageCacheBytes);
        this.storage = new BdbStorageEngine(environment);
        this.hints = new BdbHintStore(environment);
        this.broker = EmbeddedBroker.start(nodeId, config.brokerUrl);
        this.transport = new ActiveMqTransport(nodeId, membership, TransportTuning.defaults());
        TimeoutsConfig t = config.timeouts;
        Timeouts timeouts = new Timeouts(t.replicaMillis, t.requestMillis, t.heartbeatMillis, t.suspectAfterMillis);
        this.detector = new FailureDetector(nodeId, scheduler, t.suspectAfterMillis);
        VersionResolver resolver = new VersionResolver(config.replication.conflicts);
        this.context = new OperationContext(nodeId, transport, scheduler, detector, resolver, quorum, timeouts,
                new AtomicLong(System.currentTimeMillis() * 1000));
        this.requests = new RequestTable(context);
        this.coordinator = new Coordinator(context, () -> ring, requests, listener);
        ReplicaService replica = new ReplicaService(nodeId, storage, hints, resolver, transport::send);
        this.prober = new Prober(context, ring::nodes);
        transport.start(new MessageDispatcher(context, replica, coordinator, requests));
        prober.start();
    }

    /** The {@code *} query over every node that is up. */
    public GlobalScan globalScan() {
        List<String> live = ring.nodes().stream().filter(detector::isAlive).toList();
        return new GlobalScan(live, this::fetchScanPage, context.resolver(), context.timeouts().requestMillis());
    }

    private CompletableFuture<ScanReply> fetchScanPage(String node, byte[] afterKey) {
        ScanPageOperation op = new ScanPageOperation(requests.nextId(), context, node, afterKey, SCAN_PAGE_SIZE);
        requests.start(op, context.timeouts().requestMillis());
        return op.page();
    }

    @Override
    public void close() {
        prober.stop();
        transport.close();
        broker.close();
        scheduler.close();
        hints.close();
        storage.close();
        environment.close();
    }
}
