package dynamo.node;

import dynamo.activemq.ActiveMqTransport;
import dynamo.activemq.BrokerSecurity;
import dynamo.activemq.EmbeddedBroker;
import dynamo.activemq.TransportTuning;
import dynamo.bdb.BdbEnvironment;
import dynamo.bdb.BdbHintStore;
import dynamo.bdb.BdbRingConfigStore;
import dynamo.bdb.BdbStorageEngine;
import dynamo.consul.ConsulMembership;
import dynamo.consul.DiscoveryConfig;
import dynamo.core.Node;
import dynamo.core.operation.NodeEvents;
import dynamo.core.operation.Quorum;
import dynamo.core.operation.Timeouts;
import dynamo.core.membership.DiscoveryFollower;
import dynamo.core.membership.Member;
import dynamo.core.membership.Membership;
import dynamo.core.membership.RingDirectory;
import dynamo.core.membership.StaticMembership;
import dynamo.core.epoch.EpochRing;
import dynamo.core.epoch.RingConfig;
import dynamo.core.handoff.HintStore;
import dynamo.core.storage.StorageEngine;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a production node is put together, with plain constructors: Berkeley DB JE
 * storage, the embedded broker, the ActiveMQ transport, static membership and the ring, around the
 * core {@link Node}. Start order: storage, broker, transport; close runs in reverse. A start that
 * fails part way closes what it had opened (the JE lock and the broker's port included) and throws.
 */
public final class NodeAssembly implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAssembly.class);
    public final Node node;
    public final Quorum quorum;
    public final BdbEnvironment environment;
    public final StorageEngine storage;
    public final HintStore hints;
    public final EmbeddedBroker broker;
    public final ActiveMqTransport transport;
    public final Membership membership;
    public final BdbRingConfigStore ringStore;
    public final EpochRing ring;
    /** Where the members are: the configured peers and the addresses the ring config carries. */
    public final RingDirectory directory;
    final WheelTimerScheduler scheduler = new WheelTimerScheduler();
    private DiscoveryFollower follower;

    public NodeAssembly(DynamoConfiguration config, NodeEvents listener) {
        this.quorum = quorum(config);
        this.membership = membership(config);
        if (membership instanceof ConsulMembership consul) {
            consul.start();
            awaitDiscovery(consul);
        }
        BrokerSecurity security = config.security.brokerSecurity();
        // The broker starts while JE opens: after a crash JE's recovery mostly waits on the disk
        // (seconds on a busy host), the broker's start on the CPU, so a restart overlaps the two.
        CompletableFuture<EmbeddedBroker> brokerStart = CompletableFuture.supplyAsync(
                () -> EmbeddedBroker.start(config.nodeId, config.brokerUrl, security),
                task -> new Thread(task, "broker-start").start());
        try {
            this.environment = new BdbEnvironment(Path.of(config.dataDir), config.storageCacheBytes, config.durability);
        } catch (RuntimeException e) {
            brokerStart.thenAccept(EmbeddedBroker::close);
            throw e;
        }
        this.storage = new BdbStorageEngine(environment);
        this.hints = new BdbHintStore(environment);
        this.ringStore = new BdbRingConfigStore(environment);
        // A restart starts from the stored ring, whatever discovery says now; the seed is for the first start.
        // A joining node is not a member yet: it starts from the others' first ring and fetches the current one.
        this.ring = EpochRing.open(ringStore, () -> RingConfig.seed(seedIds(membership, config),
                config.replication.ringLayout()));
        warnIfPeersDiffer(ring.config(), seedIds(membership, config), membership);
        this.broker = started(brokerStart, environment);
        this.directory = new RingDirectory(membership, () -> ring.config().addresses());
        this.transport = new ActiveMqTransport(config.nodeId, directory, TransportTuning.defaults(), security);
        TimeoutsConfig t = config.timeouts;
        Node.Settings settings = new Node.Settings(config.nodeId, quorum, config.replication.conflicts,
                new Timeouts(t.replicaMillis, t.requestMillis, t.heartbeatMillis, t.suspectAfterMillis),
                t.hintDeliveryMillis, t.antiEntropyMillis, t.tombstoneGraceMillis);
        this.node = new Node(settings, ring, ringStore, storage, hints, transport, scheduler, listener);
        try {
            if (membership instanceof ConsulMembership consul) {
                // Consul's health is evidence for the failure detector, never a change of the ring; a
                // registration or deregistration is, proposed through the ring register.
                consul.onFailingCheck(node.detector()::unreachable);
                follower = new DiscoveryFollower(consul,
                        members -> node.followMembers(members.stream().map(Member::id).toList(), members), scheduler);
                follower.start();
            }
            node.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static Quorum quorum(DynamoConfiguration config) {
        return new Quorum(config.replication.n, config.replication.r, config.replication.w);
    }

    /**
     * Static peers that differ from the stored ring do not change it (a change that moves ranges needs
     * a join or leave with streaming): the node serves the stored ring, and says so.
     */
    private static void warnIfPeersDiffer(RingConfig stored, Set<String> configured, Membership membership) {
        if (!(membership instanceof ConsulMembership) && !new TreeSet<>(stored.everyone()).containsAll(configured)) {
            LOG.warn("the stored ring (epoch {}) has the members {}, the configured peers are {}: the stored ring is"
                    + " used; a fresh cluster needs a fresh dataDir", stored.epoch(), stored.members(), configured);
        }
    }

    private static Set<String> seedIds(Membership membership, DynamoConfiguration config) {
        Set<String> ids = memberIds(membership, config.nodeId);
        if (config.join) {
            ids.remove(config.nodeId);
        }
        return ids;
    }

    private static Set<String> memberIds(Membership membership, String self) {
        Set<String> ids = new TreeSet<>();
        ids.add(self);
        membership.members().forEach(m -> ids.add(m.id()));
        return ids;
    }

    private static EmbeddedBroker started(CompletableFuture<EmbeddedBroker> brokerStart, BdbEnvironment environment) {
        try {
            return brokerStart.join();
        } catch (CompletionException e) {
            environment.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Serving before the first view would only answer 503 (a ring of one node has no quorum). */
    private static void awaitDiscovery(ConsulMembership consul) {
        try {
            consul.awaitFirstView(java.time.Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Membership membership(DynamoConfiguration config) {
        if (config.discovery.type == DiscoveryConfig.Type.CONSUL) {
            return ConsulMembership.of(config.discovery, config.nodeId, config.brokerUrl);
        }
        return new StaticMembership(config.peers.stream().map(p -> new Member(p.id, p.brokerUrl, p.httpUrl, p.adminUrl)).toList());
    }

    @Override
    public void close() {
        if (membership instanceof ConsulMembership consul) {
            consul.close(); // stops polling; the node stays registered, a member of the ring
        }
        if (follower != null) {
            follower.stop();
        }
        node.close();
        broker.close();
        scheduler.close();
        hints.close();
        ringStore.close();
        storage.close();
        environment.close();
    }
}
