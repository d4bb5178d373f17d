package dynamo.core.handoff;

import dynamo.core.message.ClientResponse;
import dynamo.core.operation.BackgroundThread;
import dynamo.core.operation.OperationContext;
import dynamo.core.operation.RequestTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

/**
 * Hinted handoff, the delivering side: hints kept for a node are sent to it in batches once it is
 * up (checked every period, and at once when the failure detector sees it come back). A hint is
 * deleted only after the node acknowledged it, and only if no newer hint replaced it meanwhile.
 * Every read and delete of the hint store runs on {@code storageWork}, never on the scheduler's
 * thread, which also fires every request's deadlines: a slow disk must not delay those.
 *
 * <p>A hint whose target no longer replicates its key (a move took the range elsewhere) is dropped
 * unsent: the key's new replicas hold it, and a copy on the old node would never be cleaned up.
 */
public final class HintDelivery {
    private static final int BATCH = 200;

    private final OperationContext ctx;
    private final HintStore hints;
    private final RequestTable requests;
    private final long periodMillis;
    private final Executor storageWork;
    private final BiPredicate<String, byte[]> replicates;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean running;

    /**
     * Delivers on a thread of its own, stopped with {@link #stop()}.
     *
     * @param replicates whether a node is (still) one of a key's replicas at this node's epoch
     */
    public HintDelivery(OperationContext ctx, HintStore hints, RequestTable requests, long periodMillis,
            BiPredicate<String, byte[]> replicates) {
        this(ctx, hints, requests, periodMillis, BackgroundThread.named("hint-delivery-" + ctx.self()), replicates);
    }

    HintDelivery(OperationContext ctx, HintStore hints, RequestTable requests, long periodMillis,
            Executor storageWork, BiPredicate<String, byte[]> replicates) {
        this.replicates = replicates;
        this.ctx = ctx;
        this.hints = hints;
        this.requests = requests;
        this.periodMillis = periodMillis;
        this.storageWork = storageWork;
    }

    public void start() {
        running = true;
        ctx.detector().onRecovery(node -> later(() -> deliverTo(node), 0));
        later(this::tick, periodMillis);
    }

    /** Runs {@code work} on the storage thread after {@code delayMillis}. */
    private void later(Runnable work, long delayMillis) {
        ctx.scheduler().schedule(() -> storageWork.execute(work), delayMillis);
    }

    public void stop() {
        running = false;
        if (storageWork instanceof ExecutorService own) {
            own.shutdownNow();
        }
    }

    /** Hints acknowledged by their nodes since start. */
    public long delivered() {
        return delivered.get();
    }

    private void tick() {
        if (!running) {
            return;
        }
        try {
            hints.targets().stream().filter(ctx.detector()::seemsUp).forEach(this::deliverTo);
        } finally {
            later(this::tick, periodMillis);
        }
    }

    /** Sends one batch; when the whole batch is acknowledged, the next one follows at once. */
    private void deliverTo(String target) {
        if (!running || !busy.add(target)) {
            return;
        }
        List<Hint> batch = new ArrayList<>();
        for (Hint hint : hints.forTarget(target, BATCH)) {
            if (replicates.test(target, hint.key())) {
                batch.add(hint);
            } else {
                hints.removeIfUnchanged(hint);
            }
        }
        if (batch.isEmpty()) {
            busy.remove(target); // the next period looks again (a batch of moved hints only was dropped)
            return;
        }
        AtomicInteger outstanding = new AtomicInteger(batch.size());
        AtomicInteger acknowledged = new AtomicInteger();
        for (Hint hint : batch) {
            HintHandoffOperation op = new HintHandoffOperation(requests.nextId(), ctx, hint);
            op.result().thenAcceptAsync(response -> {
                if (response.status() != ClientResponse.Status.UNAVAILABLE) {
                    hints.removeIfUnchanged(hint);
                    delivered.incrementAndGet();
                    ctx.events().hintDelivered();
                    acknowledged.incrementAndGet();
                }
                if (outstanding.decrementAndGet() == 0) {
                    busy.remove(target);
                    if (acknowledged.get() == batch.size()) {
                        deliverTo(target);
                    }
                }
            }, storageWork);
            requests.start(op, ctx.deadlines().backgroundMillis());
        }
    }
}
