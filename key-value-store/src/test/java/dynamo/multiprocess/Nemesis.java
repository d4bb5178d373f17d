package dynamo.multiprocess;

import dynamo.faults.DiskFaults;
import dynamo.faults.NetworkFaults;
import dynamo.faults.SlowLink;
import dynamo.harness.LiveNodes;
import dynamo.harness.LocalCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Jepsen's "kill", "pause", "partition", lossy-link, slow-link and stalled-disk nemeses on a {@link LocalCluster}: every few
 * seconds it makes a random node faulty, lets the cluster run with it so for a moment, and heals it,
 * so that never more than one node is faulty at a time. A crashed or paused node is taken out of
 * {@link LiveNodes} before the fault and put back after the heal; a cut-off node, one on a lossy
 * or slow link or one whose disk stalls stays in it (clients still reach it, as in Jepsen, and what it answers must stay
 * linearizable). Every fault's window (from choosing the victim to its heal) is kept, so that a
 * test can tell requests to healthy nodes from the others.
 */
final class Nemesis {

    /** What the nemesis does to its victim. */
    enum Fault {
        /** SIGKILL, down 1-3 s, then {@code bin/cluster start} until healthy; 1-4 s between faults. */
        KILL("killed", 1_000, 3_000, 1_000, 4_000),
        /**
         * SIGSTOP for 1-10 s, then SIGCONT; 2-4 s between faults: a resumed node's peers must first
         * reconnect to it (their links broke while it was stopped), else two nodes would be impaired.
         */
        PAUSE("paused", 1_000, 10_000, 2_000, 4_000),
        /**
         * Cut off from every other node both ways for 2-8 s (iptables), then healed; 2-4 s between
         * faults: the peers' links to it must reconnect first, as after a pause.
         */
        PARTITION("cut off both ways", 2_000, 8_000, 2_000, 4_000),
        /**
         * As {@link #PARTITION}, one way only: its messages to its peers lost, or theirs to it, in
         * turn (the first at random), so that a short run sees both.
         */
        PARTITION_ONE_WAY("cut off one way", 2_000, 8_000, 2_000, 4_000),
        /** 10 % of the packets between the node and its peers lost, either way, for 3-10 s; 1-3 s between faults. */
        LOSSY("on a lossy link", 3_000, 10_000, 1_000, 3_000),
        /**
         * {@link #DELAY_MILLIS} ± {@link #JITTER_MILLIS} (uniform, order kept) added each way to everything between
         * the node and its peers, for 3-10 s; 1-3 s between faults. A user-space relay ({@link SlowLink}) holds
         * the bytes back: the kernel has no netem.
         */
        SLOW("on a slow link", 3_000, 10_000, 1_000, 3_000),
        /**
         * Its data disk frozen (fsfreeze) for 1-6 s, then thawed: every write of the node blocks, the
         * process runs on and answers pings; 2-4 s between faults.
         */
        DISK_STALL("on a stalled disk", 1_000, 6_000, 2_000, 4_000);

        /** The share of packets {@link #LOSSY} drops ({@code -Dnemesis.loss} for harsher stress runs). */
        static final double LOSS = Double.parseDouble(System.getProperty("nemesis.loss", "0.10"));
        /** The delay {@link #SLOW} adds each way, in ms ({@code -Dnemesis.delay}). */
        static final int DELAY_MILLIS = Integer.getInteger("nemesis.delay", 50);
        /** How far {@link #SLOW}'s delay strays either side, in ms ({@code -Dnemesis.jitter}). */
        static final int JITTER_MILLIS = Integer.getInteger("nemesis.jitter", 20);

        final String verb;
        final int minFaultMillis;
        final int maxFaultMillis;
        final int minGapMillis;
        final int maxGapMillis;

        Fault(String verb, int minFaultMillis, int maxFaultMillis, int minGapMillis, int maxGapMillis) {
            this.verb = verb;
            this.minFaultMillis = minFaultMillis;
            this.maxFaultMillis = maxFaultMillis;
            this.minGapMillis = minGapMillis;
            this.maxGapMillis = maxGapMillis;
        }

        /** Whether the fault is made by {@link NetworkFaults} (iptables drops), where the victim still answers clients. */
        boolean inNetwork() {
            return this == PARTITION || this == PARTITION_ONE_WAY || this == LOSSY;
        }

        /** Whether clients still send to the victim (what it answers must stay linearizable, but may fail). */
        boolean victimServes() {
            return inNetwork() || this == SLOW || this == DISK_STALL;
        }
    }

    /** Node {@code node} was faulty (or about to be, or not yet known healed) from {@code from} to {@code to} (nanoTime). */
    record Window(int node, long from, long to) {
        boolean overlaps(long start, long end) {
            return from <= end && start <= to;
        }
    }

    /** A stalled disk's watchdog thaws it this long after the longest stall, should the heal not come. */
    private static final int STALL_SLACK_MILLIS = 4_000;

    private final LocalCluster cluster;
    private final NetworkFaults network;
    private final DiskFaults disks;
    private final SlowLink slowLink;
    private final LiveNodes live;
    private final Fault fault;
    private final Random random;
    private final long epochNanos;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<String> events = new ArrayList<>();
    private final List<Window> windows = new ArrayList<>();
    private final Thread thread = new Thread(this::run, "nemesis");
    private volatile Exception failure;
    private int faults;
    /** Which way the first one-way cut goes (0: the victim's messages lost, 1: its peers'). */
    private final int firstWay;
    private int faulty;
    private long faultySince;

    /** Times in events are seconds since {@code epochNanos} (a {@link System#nanoTime()}). */
    Nemesis(LocalCluster cluster, LiveNodes live, Fault fault, long seed, long epochNanos) {
        this(cluster, null, null, null, live, fault, seed, epochNanos);
    }

    /**
     * {@code network} makes the cuts and lossy links, {@code disks} the stalled disks, {@code slowLink}
     * (installed already) the slow links; each may be null where its faults are not asked for.
     */
    Nemesis(LocalCluster cluster, NetworkFaults network, DiskFaults disks, SlowLink slowLink, LiveNodes live,
            Fault fault, long seed, long epochNanos) {
        if (fault.inNetwork() && network == null) {
            throw new IllegalArgumentException(fault + " needs network faults");
        }
        if (fault == Fault.DISK_STALL && disks == null) {
            throw new IllegalArgumentException(fault + " needs disk faults");
        }
        if (fault == Fault.SLOW && slowLink == null) {
            throw new IllegalArgumentException(fault + " needs a slow link");
        }
        this.cluster = cluster;
        this.network = network;
        this.disks = disks;
        this.slowLink = slowLink;
        this.live = live;
        this.fault = fault;
        this.random = new Random(seed);
        this.firstWay = random.nextInt(2);
        this.epochNanos = epochNanos;
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops after the current round; returns once any faulty node is healthy (or resumed) again. */
    void stopAndHeal() throws Exception {
        stop.countDown();
        try {
            thread.join();
        } catch (InterruptedException e) {
            thread.interrupt(); // its finally still resumes a paused node; LocalCluster.close() is the backstop
            throw e;
        }
        if (failure != null) {
            throw failure;
        }
    }

    Fault fault() {
        return fault;
    }

    synchronized int faults() {
        return faults;
    }

    /** What it did and when, for the test log. */
    synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** Every fault window so far; one still open ends at {@link Long#MAX_VALUE}. */
    synchronized List<Window> windows() {
        List<Window> all = new ArrayList<>(windows);
        if (faulty != 0) {
            all.add(new Window(faulty, faultySince, Long.MAX_VALUE));
        }
        return all;
    }

    private void run() {
        try {
            while (!sleep(fault.minGapMillis, fault.maxGapMillis)) {
                int victim = cluster.indices().get(random.nextInt(cluster.size()));
                opened(victim);
                if (!fault.victimServes()) {
                    live.down(victim);
                }
                try {
                    String what = injure(victim);
                    synchronized (this) {
                        faults++;
                    }
                    record(what + " node" + victim);
                    sleep(fault.minFaultMillis, fault.maxFaultMillis); // cut short when asked to stop
                } finally {
                    heal(victim); // whatever happens, the node comes back
                    live.up(victim);
                    closed(victim);
                }
                record("node" + victim + switch (fault) {
                    case KILL -> " healthy again";
                    case PAUSE -> " resumed";
                    case DISK_STALL -> " disk thawed";
                    default -> " healed";
                });
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    /** Makes {@code victim} faulty; says what it did. */
    private String injure(int victim) throws Exception {
        switch (fault) {
            case KILL -> cluster.kill(victim);
            case PAUSE -> cluster.pause(victim);
            case PARTITION -> network.cutOff(victim, NetworkFaults.Direction.BOTH);
            case PARTITION_ONE_WAY -> {
                NetworkFaults.Direction direction = (faults + firstWay) % 2 == 0 ? NetworkFaults.Direction.OUTGOING
                        : NetworkFaults.Direction.INCOMING;
                network.cutOff(victim, direction);
                return direction.verb();
            }
            case LOSSY -> network.lossy(victim, Fault.LOSS);
            case SLOW -> {
                slowLink.slow(victim);
                return String.format("on a slow link (%d ± %d ms each way)", Fault.DELAY_MILLIS, Fault.JITTER_MILLIS);
            }
            case DISK_STALL -> disks.stall(victim, Duration.ofMillis(fault.maxFaultMillis + STALL_SLACK_MILLIS));
        }
        return fault.verb;
    }

    private void heal(int victim) throws Exception {
        switch (fault) {
            case KILL -> cluster.start(victim);
            case PAUSE -> cluster.resume(victim);
            case DISK_STALL -> disks.resume(victim);
            case SLOW -> slowLink.heal();
            default -> network.heal();
        }
    }

    private synchronized void opened(int victim) {
        faulty = victim;
        faultySince = System.nanoTime();
    }

    private synchronized void closed(int victim) {
        windows.add(new Window(victim, faultySince, System.nanoTime()));
        faulty = 0;
    }

    /** Sleeps a random time in [min, max) ms; true when asked to stop. */
    private boolean sleep(int minMillis, int maxMillis) throws InterruptedException {
        return stop.await(minMillis + random.nextInt(maxMillis - minMillis), TimeUnit.MILLISECONDS);
    }

    private synchronized void record(String event) {
        events.add(String.format("%6.1f s %s", (System.nanoTime() - epochNanos) / 1e9, event));
    }
}
