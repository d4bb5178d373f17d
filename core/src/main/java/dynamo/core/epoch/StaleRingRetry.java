package dynamo.core.epoch;

import dynamo.core.message.ClientResponse;
import dynamo.core.operation.Scheduler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A request refused because this node's ring was stale runs once more on the newer ring, as soon as
 * this node has it, with the same operation id and deadline (so a put is still applied at most once);
 * if the newer ring does not come within {@code maxWaitMillis} (a fetch is one round trip) or the
 * deadline, the refusal is the answer. A retry that started answers, however long it takes within
 * its deadline. Never a second retry.
 *
 * <p>The config is fetched from the node that refused. The epoch gate fetches it too when the refusal
 * reached this node, but a refusal of the coordinator this node forwarded to reaches that coordinator
 * only: this node would otherwise wait for the newer ring to reach it by chance.
 */
public final class StaleRingRetry {
    private final EpochRing ring;
    private final Scheduler scheduler;
    private final long maxWaitMillis;
    private final Consumer<String> fetchFrom;

    /** @param fetchFrom asks a node for its ring config (installed when newer) */
    public StaleRingRetry(EpochRing ring, Scheduler scheduler, long maxWaitMillis, Consumer<String> fetchFrom) {
        this.ring = ring;
        this.scheduler = scheduler;
        this.maxWaitMillis = maxWaitMillis;
        this.fetchFrom = fetchFrom;
    }

    /** @param epoch this node's epoch when the first attempt started */
    public CompletableFuture<ClientResponse> after(ClientResponse first, long epoch, long deadlineAt,
            Supplier<CompletableFuture<ClientResponse>> again) {
        long wait = Math.min(deadlineAt - scheduler.nowMillis(), maxWaitMillis);
        if (!EpochFence.refusedAsStale(first) || wait <= 0) {
            return CompletableFuture.completedFuture(first);
        }
        CompletableFuture<ClientResponse> answer = new CompletableFuture<>();
        if (ring.epoch() <= epoch) {
            EpochFence.newerRingHolder(first).ifPresent(fetchFrom);
        }
        // Either the retry starts or the wait gives up, never both: a retry under way keeps its own
        // deadline, so its answer (not the refusal) is the client's.
        AtomicBoolean decided = new AtomicBoolean();
        // From the scheduler thread: the refused operation's lock may be held where this is called.
        Runnable stopWaiting = ring.whenNewerThan(epoch, () -> scheduler.schedule(() -> {
            if (decided.compareAndSet(false, true)) {
                again.get().whenComplete((r, e) -> {
                    if (e != null) {
                        answer.completeExceptionally(e);
                    } else {
                        answer.complete(r);
                    }
                });
            }
        }, 0));
        // Given up: the refusal is the answer, and the ring no longer holds this request's retry.
        scheduler.schedule(() -> {
            if (decided.compareAndSet(false, true)) {
                answer.complete(first);
                stopWaiting.run();
            }
        }, wait);
        return answer;
    }
}
