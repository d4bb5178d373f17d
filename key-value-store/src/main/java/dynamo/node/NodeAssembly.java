package dynamo.node;

import dynamo.activemq.ActiveMqTransport;
import dynamo.activemq.BrokerSecurity;
import dynamo.activemq.EmbeddedBroker;
import dynamo.activemq.TransportTuning;
import dynamo.bdb.BdbBallotReservation;
import dynamo.bdb.BdbEnvironment;
import dynamo.bdb.BdbHintStore;
import dynamo.bdb.BdbRingConfigStore;
import dynamo.bdb.BdbStorageEngine;
import dynamo.consul.ConsulMembership;
import dynamo.consul.DiscoveryConfig;
import dynamo.core.Node;
import dynamo.core.operation.BackgroundThread;
import dynamo.core.operation.NodeEvents;
import dynamo.core.epoch.EpochRing;
import dynamo.core.epoch.RingConfig;
import dynamo.core.membership.DiscoveryFollower;
import dynamo.core.membership.Member;
import dynamo.core.membership.Membership;
import dynamo.core.membership.RingDirectory;
import dynamo.core.membership.StaticMembership;
import dynamo.core.handoff.HintStore;
import dynamo.core.storage.StorageEngine;
import dynamo.core.version.BallotClock;
import io.dropwizard.lifecycle.Managed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a production node is put together, with plain constructors: Berkeley DB JE
 * storage, the embedded broker, the ActiveMQ transport, membership (static or Consul) and the ring,
 * around the core {@link Node}. Constructing it does no I/O. {@link #start} (a {@link Managed}:
 * Dropwizard calls it before Jetty serves a request) starts the parts in dependency order and
 * {@link #stop} stops them in reverse; a start that fails stops what had started, the JE lock and
 * the broker's port included, and throws (see {@link StartOrder}). The parts made from the stored
 * data (stores, ring, core node) exist once started; the accessors throw before that.
 */
public final class NodeAssembly implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAssembly.class);
    private static final Duration FIRST_VIEW_WAIT = Duration.ofSeconds(10);

    private final DynamoConfiguration config;
    private final NodeEvents listener;
    private final BrokerSecurity security;
    private final Membership membership;
    /** Where the members are: the configured peers and the addresses the ring config carries. */
    private final RingDirectory directory;
    private final ActiveMqTransport transport;
    private final WheelTimerScheduler scheduler = new WheelTimerScheduler();
    private final StartOrder order;
    private volatile boolean started;

    private BackgroundStart<BdbEnvironment> environmentOpen;
    private volatile BdbEnvironment environment;
    private volatile EmbeddedBroker broker;
    private volatile StorageEngine storage;
    private volatile HintStore hints;
    private volatile BdbRingConfigStore ringStore;
    private volatile BdbBallotReservation ballotStore;
    private volatile ExecutorService ballotWriter;
    private volatile BallotClock ballots;
    private volatile EpochRing ring;
    private volatile Node node;
    private DiscoveryFollower follower;

    public NodeAssembly(DynamoConfiguration config, NodeEvents listener) {
        this.config = config;
        this.listener = listener;
        this.security = config.security.brokerSecurity();
        this.membership = membership(config);
        // Members that joined later are reached through the addresses their ring config carries.
        this.directory = new RingDirectory(membership, () -> ring().config().addresses());
        this.transport = new ActiveMqTransport(config.nodeId, directory, TransportTuning.defaults(), security);
        this.order = new StartOrder(config.nodeId);
        if (membership instanceof ConsulMembership consul) {
            order.add("discovery", () -> startDiscovery(consul), consul::close); // the registration stays
        }
        // JE opens on a thread of its own while the broker starts (the stores wait for it): after a crash JE's
        // recovery mostly waits on the disk (seconds on a busy host), the broker's start on the CPU, so a restart
        // overlaps the two. Listed first, JE closes last (its close writes a checkpoint), after the broker.
        order.add("JE environment", this::beginOpeningEnvironment, () -> environmentOpen.close(BdbEnvironment::close))
                .add("broker", this::startBroker, () -> broker.close())
                .add("stores and ring", this::openStores, this::closeStores)
                .add("timer", scheduler::start, scheduler::close)
                .add("node", this::startNode, () -> node.close()); // the core: its transport and background tasks
        if (membership instanceof ConsulMembership consul) {
            order.add("discovery follower", () -> startFollower(consul), () -> follower.stop());
        }
    }

    @Override
    public void start() throws StartOrder.StartFailure {
        order.start();
        started = true;
    }

    @Override
    public void stop() {
        started = false;
        order.stop();
    }

    /** True from the end of a start that succeeded to the beginning of stop. */
    public boolean isStarted() {
        return started;
    }

    /** Serving before the first view would only answer 503 (a ring of one node has no quorum). */
    private static void startDiscovery(ConsulMembership consul) throws InterruptedException {
        consul.start();
        consul.awaitFirstView(FIRST_VIEW_WAIT);
    }

    private void beginOpeningEnvironment() {
        environmentOpen = new BackgroundStart<>("je-open", () ->
                new BdbEnvironment(Path.of(config.dataDir), config.storageCacheBytes, config.durability));
    }

    private void startBroker() {
        broker = EmbeddedBroker.start(config.nodeId, config.brokerUrl, security);
    }

    /** A failure part way leaves databases open that the environment's close closes. */
    private void openStores() {
        environment = environmentOpen.await();
        storage = new BdbStorageEngine(environment);
        hints = new BdbHintStore(environment);
        ringStore = new BdbRingConfigStore(environment);
        openBallots();
        // A restart starts from the stored ring, whatever discovery says now; the seed is for the first start.
        // A joining node is not a member yet: it starts from the others' first ring and fetches the current one.
        ring = EpochRing.open(ringStore, () -> RingConfig.seed(seedIds(), config.replication.ringLayout()));
        warnIfPeersDiffer(ring.config(), seedIds());
    }

    /**
     * Start-up may wait on the disk, serving may not: the first ballot reservation is saved here, before
     * the node serves; the later ones on a thread of their own ({@link BallotClock}).
     */
    private void openBallots() {
        ballotStore = new BdbBallotReservation(environment);
        ExecutorService writer = BackgroundThread.named("dynamo-ballots-" + config.nodeId);
        try {
            ballots = BallotClock.open(config.nodeId, ballotStore, writer, scheduler.nowMillis());
        } catch (RuntimeException e) {
            writer.shutdown();
            throw e;
        }
        ballotWriter = writer;
    }

    private void closeStores() {
        closeBallots();
        ringStore.close();
        hints.close();
        storage.close();
    }

    /** A save still running finishes first (briefly; no interrupt, which would invalidate JE), then the database closes. */
    private void closeBallots() {
        ballotWriter.shutdown();
        try {
            ballotWriter.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ballotStore.close();
    }

    private void startNode() {
        TimeoutsConfig t = config.timeouts;
        Node.Settings settings = new Node.Settings(config.nodeId, config.replication.quorum(),
                config.replication.conflicts,
                t.core(),
                t.hintDeliveryMillis, t.antiEntropyMillis, t.tombstoneGraceMillis);
        Node built = new Node(settings, ring, ringStore, ballots, storage, hints, transport, scheduler, listener);
        try {
            built.start();
        } catch (RuntimeException e) {
            built.close();
            throw e;
        }
        node = built;
    }

    /**
     * Consul's health is evidence for the failure detector, never a change of the ring; a registration or
     * deregistration is, proposed through the ring register.
     */
    private void startFollower(ConsulMembership consul) {
        consul.onFailingCheck(node.detector()::unreachable);
        follower = new DiscoveryFollower(consul,
                members -> node.followMembers(members.stream().map(Member::id).toList(), members), scheduler);
        follower.start();
    }

    /**
     * Static peers that differ from the stored ring do not change it (a change that moves ranges needs
     * a join or leave with streaming): the node serves the stored ring, and says so.
     */
    private void warnIfPeersDiffer(RingConfig stored, Set<String> configured) {
        if (!(membership instanceof ConsulMembership) && !new TreeSet<>(stored.everyone()).containsAll(configured)) {
            LOG.warn("the stored ring (epoch {}) has the members {}, the configured peers are {}: the stored ring is"
                    + " used; a fresh cluster needs a fresh dataDir", stored.epoch(), stored.members(), configured);
        }
    }

    private Set<String> seedIds() {
        Set<String> ids = new TreeSet<>();
        ids.add(config.nodeId);
        membership.members().forEach(m -> ids.add(m.id()));
        if (config.join) {
            ids.remove(config.nodeId);
        }
        return ids;
    }

    private static Membership membership(DynamoConfiguration config) {
        if (config.discovery.type == DiscoveryConfig.Type.CONSUL) {
            return ConsulMembership.of(config.discovery, config.nodeId, config.brokerUrl);
        }
        return new StaticMembership(config.peers.stream().map(p -> new Member(p.id, p.brokerUrl, p.httpUrl, p.adminUrl)).toList());
    }

    public Membership membership() {
        return membership;
    }

    public RingDirectory directory() {
        return directory;
    }

    public ActiveMqTransport transport() {
        return transport;
    }

    public WheelTimerScheduler scheduler() {
        return scheduler;
    }

    public Node node() {
        return made(node);
    }

    public EpochRing ring() {
        return made(ring);
    }

    public StorageEngine storage() {
        return made(storage);
    }

    public HintStore hints() {
        return made(hints);
    }

    public BdbEnvironment environment() {
        return made(environment);
    }

    public EmbeddedBroker broker() {
        return made(broker);
    }

    private <T> T made(T part) {
        if (part == null) {
            throw new IllegalStateException(config.nodeId + " has not started");
        }
        return part;
    }
}
