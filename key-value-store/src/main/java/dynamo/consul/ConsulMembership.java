package dynamo.consul;

import dynamo.core.membership.Member;
import dynamo.core.membership.Membership;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.model.agent.Registration;
import org.kiwiproject.consul.model.health.ServiceHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership read from Consul. On {@link #start()} the node registers itself (service id = node id,
 * member fields in the service meta, an HTTP check on its admin {@code /ping}); a single poller
 * thread then reads the service's instances every {@code pollMillis} and keeps {@link #members()}
 * equal to the registered ones, sorted by id.
 *
 * <p>Membership is configuration, liveness is not: a registered node stays a member while its
 * check fails, while it is down and across restarts ({@link #close()} keeps the registration, and
 * nothing asks Consul to reap critical services). Were the ring to follow health checks, a failed
 * check or a restart would hand a node's ranges to nodes without its data, and reads would miss
 * acknowledged writes. A check that turns critical goes to the {@link #onFailingCheck} listeners
 * (the failure detector) instead. A node leaves the ring only when an operator deregisters it.
 * Consul being down, slow or wrong never empties the view: the last one stays while the poller
 * retries with exponential backoff.
 */
public final class ConsulMembership implements Membership, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsulMembership.class);
    /** Polls in a row without our own instance before we register again (Consul lost its state). */
    private static final int ABSENT_POLLS_BEFORE_REREGISTER = 3;
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final DiscoveryConfig config;
    private final Member self;
    private final Registration registration;
    private final Backoff backoff;
    private final Consul consul;
    private final ScheduledExecutorService poller;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> failingCheckListeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstView = new CountDownLatch(1);
    private volatile List<Member> members = List.of();
    private volatile Set<String> failing = Set.of();
    private volatile boolean closed;
    // Touched by the poller thread only.
    private boolean registered;
    private int absentPolls;
    private int failures;

    /** {@code self} is this node as others reach it: its httpUrl is the advertised client API. */
    public ConsulMembership(DiscoveryConfig config, Member self) {
        this.config = config;
        this.self = self;
        this.registration = ServiceDefinition.of(config, self);
        this.backoff = new Backoff(config.pollMillis, Math.max(config.pollMillis, config.maxBackoffMillis));
        this.consul = Consul.builder()
                .withUrl(config.consulUrl)
                .withPing(false) // Consul may come up after us: the poller retries instead
                .withConnectTimeoutMillis(1000)
                .withReadTimeoutMillis(Math.max(2000, 2 * config.pollMillis))
                .withWriteTimeoutMillis(2000)
                .build();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "consul-membership-" + self.id());
            t.setDaemon(true);
            return t;
        });
    }

    /** Convenience for the wiring: the node's id and broker URL plus the advertised URLs of the config. */
    public static ConsulMembership of(DiscoveryConfig config, String nodeId, String brokerUrl) {
        return new ConsulMembership(config, new Member(nodeId, brokerUrl, config.httpUrl, config.adminUrl));
    }

    public void start() {
        poller.execute(this::cycle);
    }

    @Override
    public List<Member> members() {
        return members;
    }

    /** Runs {@code listener} on the poller thread after every change of {@link #members()}. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Runs {@code listener} on the poller thread with a member's id each time its check turns from
     * passing to failing (a check that has not passed yet, as every new one, is not reported).
     */
    public void onFailingCheck(Consumer<String> listener) {
        failingCheckListeners.add(listener);
    }

    /** The members whose check Consul reported failing in the last poll (they stay members). */
    Set<String> failingChecks() {
        return failing;
    }

    /** Waits until Consul has answered once; false if it has not within {@code timeout}. */
    public boolean awaitFirstView(Duration timeout) throws InterruptedException {
        return firstView.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops polling; the registration stays, so a restarted node comes back to the same ring. */
    @Override
    public void close() {
        closed = true;
        poller.shutdownNow();
        try {
            poller.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consul.destroy();
    }

    private void cycle() {
        long delay;
        try {
            ensureRegistered();
            refresh();
            succeeded();
            delay = config.pollMillis;
        } catch (RuntimeException e) {
            delay = failed(e);
        }
        scheduleNext(delay);
    }

    private void ensureRegistered() {
        if (!registered) {
            consul.agentClient().register(registration);
            registered = true;
            absentPolls = 0;
            LOG.info("Registered {} as service {} at {}", self.id(), config.serviceName, config.consulUrl);
        }
    }

    private void refresh() {
        List<ServiceHealth> instances = consul.healthClient().getAllServiceInstances(config.serviceName).getResponse();
        noticeOwnAbsence(instances);
        List<Member> next = RegisteredInstances.members(instances);
        noticeFailingChecks(RegisteredInstances.failing(instances));
        firstView.countDown();
        if (!next.equals(members)) {
            LOG.info("Members from Consul: {}", next.stream().map(Member::id).toList());
            members = next;
            notifyListeners();
        }
    }

    /** Reports the members that passed their check in the last poll and fail it now. */
    private void noticeFailingChecks(Set<String> nowFailing) {
        Set<String> passedBefore = members.stream().map(Member::id).filter(id -> !failing.contains(id))
                .collect(Collectors.toSet());
        failing = nowFailing;
        for (String id : nowFailing) {
            if (passedBefore.contains(id) && !id.equals(self.id())) {
                LOG.info("Consul reports the check of {} failing; it stays a member", id);
                failingCheckListeners.forEach(listener -> listener.accept(id));
            }
        }
    }

    /** A Consul that restarted without its data, or reaped us after a long pause, no longer knows us. */
    private void noticeOwnAbsence(List<ServiceHealth> instances) {
        if (RegisteredInstances.contains(instances, self.id())) {
            absentPolls = 0;
        } else if (++absentPolls >= ABSENT_POLLS_BEFORE_REREGISTER) {
            LOG.warn("Consul no longer lists {}; registering it again", self.id());
            registered = false;
        }
    }

    private void notifyListeners() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.error("Membership listener failed", e);
            }
        }
    }

    private void succeeded() {
        if (failures > 0) {
            LOG.info("Consul at {} answers again after {} failed attempts", config.consulUrl, failures);
            failures = 0;
        }
    }

    /** Keeps the last view; warns once per streak of failures, not once per attempt. */
    private long failed(RuntimeException e) {
        failures++;
        long delay = backoff.delayAfter(failures);
        if (closed) {
            return delay;
        }
        if (failures == 1) {
            LOG.warn("Consul at {} failed ({}); keeping the last {} members, retrying up to every {} ms",
                    config.consulUrl, e.toString(), members.size(), backoff.capMillis());
        } else {
            LOG.debug("Consul attempt {} failed: {}; next in {} ms", failures, e, delay);
        }
        return delay;
    }

    private void scheduleNext(long delayMillis) {
        if (closed) {
            return;
        }
        try {
            poller.schedule(this::cycle, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // close() shut the poller down between our check and the schedule: nothing left to do.
        }
    }
}
