package dynamo.core.membership;

import dynamo.core.operation.Scheduler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * With a discovery service, the registered instances are the membership an operator chose: every
 * {@value #PERIOD_MILLIS} ms (plus jitter, so that nodes seeing the same change rarely duel for the
 * register) this moves the ring to the discovered members when they differ from the current ones (a
 * join or leave with streaming, {@code Node.changeMembers}), one change at a time. Liveness never
 * enters here: a node whose checks fail stays registered.
 */
public final class DiscoveryFollower {
    static final long PERIOD_MILLIS = 1000;

    private final Membership membership;
    private final Function<List<Member>, CompletableFuture<?>> propose;
    private final Scheduler scheduler;
    private volatile boolean stopped;
    private volatile boolean proposing;

    /** @param propose moves the ring to these members if they differ from the current ones (Node.followMembers) */
    public DiscoveryFollower(Membership membership, Function<List<Member>, CompletableFuture<?>> propose,
            Scheduler scheduler) {
        this.membership = membership;
        this.propose = propose;
        this.scheduler = scheduler;
    }

    public void start() {
        next();
    }

    public void stop() {
        stopped = true;
    }

    private void next() {
        if (!stopped) {
            scheduler.schedule(this::check, PERIOD_MILLIS + ThreadLocalRandom.current().nextLong(PERIOD_MILLIS / 2));
        }
    }

    private void check() {
        if (!proposing && !stopped) {
            proposing = true;
            propose.apply(membership.members()).whenComplete((r, e) -> proposing = false);
        }
        next();
    }
}
