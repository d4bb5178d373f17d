package dynamo.cluster;

import dynamo.core.Node;
import dynamo.core.operation.ManualScheduler;
import dynamo.core.operation.NodeEvents;
import dynamo.core.operation.Quorum;
import dynamo.core.operation.Scheduler;
import dynamo.core.operation.Timeouts;
import dynamo.core.message.ClientRequest;
import dynamo.core.message.ClientResponse;
import dynamo.core.epoch.EpochRing;
import dynamo.core.epoch.InMemoryRingConfigStore;
import dynamo.core.epoch.RingConfig;
import dynamo.core.membership.Member;
import dynamo.core.ring.Ring;
import dynamo.core.ring.RingLayout;
import dynamo.core.handoff.InMemoryHintStore;
import dynamo.core.storage.InMemoryStorageEngine;
import dynamo.core.version.BallotClock;
import dynamo.core.version.ConflictMode;
import dynamo.core.version.InMemoryBallotReservation;
import dynamo.core.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * K core nodes in one JVM over an {@link InMemoryNetwork}: real coordination logic and timers, in-memory
 * storage that survives a simulated crash (like a disk), and fault injection. On real time, or on a
 * {@link ManualScheduler} that every node's timers and every message's delivery share, so that a test
 * moves time itself and nothing waits for the wall clock.
 */
public final class InProcessCluster implements AutoCloseable {
    /** How long a request may take, in the cluster's time, before {@link #call} gives up on it. */
    private static final long CALL_MILLIS = 10_000;

    public final InMemoryNetwork network;
    public final Ring ring;
    private final List<String> seedIds;
    private final List<String> ids = new ArrayList<>();
    private final List<InMemoryStorageEngine> storages = new ArrayList<>();
    private final List<InMemoryHintStore> hintStores = new ArrayList<>();
    private final List<InMemoryRingConfigStore> ringStores = new ArrayList<>();
    private final List<InMemoryBallotReservation> ballotReservations = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<NodeTimers> timers = new ArrayList<>();
    private final Scheduler scheduler;
    private final Quorum quorum;
    private final ConflictMode mode;

    /** On real time: one timer thread, and a thread pool per node that handles its messages. */
    public InProcessCluster(int size, Quorum quorum, ConflictMode mode) {
        this(size, quorum, mode, new RealTimeScheduler(), new InMemoryNetwork());
    }

    /** On {@code clock}: it runs every timer, and every message arrives {@code latencyMillis} after it was sent. */
    public static InProcessCluster onManualClock(int size, Quorum quorum, ConflictMode mode, ManualScheduler clock,
            long latencyMillis) {
        return new InProcessCluster(size, quorum, mode, clock, new InMemoryNetwork(clock, latencyMillis));
    }

    private InProcessCluster(int size, Quorum quorum, ConflictMode mode, Scheduler scheduler, InMemoryNetwork network) {
        this.scheduler = scheduler;
        this.network = network;
        this.quorum = quorum;
        this.mode = mode;
        this.seedIds = IntStream.rangeClosed(1, size).mapToObj(i -> "node" + i).toList();
        this.ring = new Ring(seedIds, 1);
        for (int i = 0; i < size; i++) {
            add();
        }
    }

    /**
     * Starts one more node, node(K+1), and returns its index. Beyond the first {@code size} it is not a
     * member: it starts from the first ring, as a joining node does, until it joins ({@link Node#join}).
     */
    public int add() {
        int i = ids.size();
        ids.add("node" + (i + 1));
        ringStores.add(new InMemoryRingConfigStore());
        ballotReservations.add(new InMemoryBallotReservation());
        storages.add(new InMemoryStorageEngine());
        hintStores.add(new InMemoryHintStore());
        nodes.add(null);
        timers.add(null);
        start(i);
        return i;
    }

    /** Where the others reach node i: the in-memory network needs no address, the config carries one anyway. */
    public Member member(int i) {
        return new Member(ids.get(i), "memory://" + ids.get(i), null);
    }

    public static InProcessCluster standard() {
        return new InProcessCluster(5, new Quorum(3, 2, 2), ConflictMode.LINEARIZABLE);
    }

    private void start(int i) {
        Node.Settings settings = new Node.Settings(ids.get(i), quorum, mode, new Timeouts(100, 2000, 50, 300), 200,
                1000, 60_000);
        // Every node seeds epoch 1 from the same ids: the ring above, numbered; a restart reads its store.
        EpochRing epochRing = EpochRing.open(ringStores.get(i), () -> RingConfig.seed(seedIds, new RingLayout.Tokens(1)));
        NodeTimers nodeTimers = new NodeTimers(scheduler);
        // In memory a save takes no time: it runs on the caller's thread, so no ballot is ever refused here.
        BallotClock ballots = BallotClock.open(ids.get(i), ballotReservations.get(i), Runnable::run, scheduler.nowMillis());
        Node node = new Node(settings, epochRing, ringStores.get(i), ballots, storages.get(i), hintStores.get(i),
                network.transportFor(ids.get(i)), nodeTimers, NodeEvents.NONE);
        timers.set(i, nodeTimers);
        nodes.set(i, node);
        node.start();
    }

    /** The timers every node of this cluster shares (what a discovery follower of a test runs on). */
    public Scheduler scheduler() {
        return scheduler;
    }

    public int size() {
        return ids.size();
    }

    public Node node(int i) {
        return nodes.get(i);
    }

    public String id(int i) {
        return ids.get(i);
    }

    public int indexOf(String id) {
        return ids.indexOf(id);
    }

    public InMemoryStorageEngine storage(int i) {
        return storages.get(i);
    }

    public InMemoryHintStore hints(int i) {
        return hintStores.get(i);
    }

    /** Like kill -9: the node stops at once; its storage stays for the restart. */
    public void crash(int i) {
        network.crash(ids.get(i));
        timers.get(i).crash();
        nodes.get(i).close();
    }

    public void restart(int i) {
        network.recover(ids.get(i));
        start(i);
    }

    public void dropRateForTest(double rate) {
        network.dropRate(rate);
    }

    public ClientResponse put(int via, byte[] key, byte[] value) {
        return call(via, ClientRequest.put(key, value, null, quorum.w()));
    }

    public ClientResponse putIf(int via, byte[] key, byte[] value, Version from) {
        return call(via, ClientRequest.put(key, value, from, quorum.w()));
    }

    public ClientResponse get(int via, byte[] key) {
        return call(via, ClientRequest.get(key, quorum.r()));
    }

    public ClientResponse call(int via, ClientRequest request) {
        try {
            return await(nodes.get(via).submit(request));
        } catch (Exception e) {
            throw new AssertionError("request did not complete", e);
        }
    }

    /** The answer; on the manual clock, moved on a millisecond at a time until it comes. */
    private ClientResponse await(CompletableFuture<ClientResponse> answer) throws Exception {
        if (scheduler instanceof ManualScheduler clock) {
            for (long waited = 0; waited < CALL_MILLIS && !answer.isDone(); waited++) {
                clock.advance(1);
            }
            return answer.get(0, TimeUnit.MILLISECONDS);
        }
        return answer.get(CALL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        nodes.forEach(Node::close);
        if (scheduler instanceof AutoCloseable timerThread) {
            timerThread.close();
        }
        network.close();
    }
}
