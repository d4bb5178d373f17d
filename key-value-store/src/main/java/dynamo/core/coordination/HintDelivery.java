package dynamo.core.coordination;

import dynamo.core.message.ClientResponse;
import dynamo.core.storage.Hint;
import dynamo.core.storage.HintStore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hinted handoff, the delivering side: hints kept for a node are sent to it in batches once it is
 * up (checked every period, and at once when the failure detector sees it come back). A hint is
 * deleted only after the node acknowledged it, and only if no newer hint replaced it meanwhile.
 */
public final class HintDelivery {
    private static final int BATCH = 200;

    private final OperationContext ctx;
    private final HintStore hints;
    private final RequestTable requests;
    private final long periodMillis;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean running;

    public HintDelivery(OperationContext ctx, HintStore hints, RequestTable requests, long periodMillis) {
        this.ctx = ctx;
        this.hints = hints;
        this.requests = requests;
        this.periodMillis = periodMillis;
    }

    public void start() {
        running = true;
        ctx.detector().onRecovery(node -> ctx.scheduler().schedule(() -> deliverTo(node), 0));
        ctx.scheduler().schedule(this::tick, periodMillis);
    }

    public void stop() {
        running = false;
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
            hints.targets().stream().filter(ctx.detector()::isAlive).forEach(this::deliverTo);
        } finally {
            ctx.scheduler().schedule(this::tick, periodMillis);
        }
    }

    /** Sends one batch; when the whole batch is acknowledged, the next one follows at once. */
    private void deliverTo(String target) {
        if (!running || !busy.add(target)) {
            return;
        }
        var batch = hints.forTarget(target, BATCH);
        if (batch.isEmpty()) {
            busy.remove(target);
            return;
        }
        AtomicInteger outstanding = new AtomicInteger(batch.size());
        AtomicInteger acknowledged = new AtomicInteger();
        for (Hint hint : batch) {
            HintHandoffOperation op = new HintHandoffOperation(requests.nextId(), ctx, hint);
            op.result().thenAccept(response -> {
                if (response.status() != ClientResponse.Status.UNAVAILABLE) {
                    hints.removeIfUnchanged(hint);
                    delivered.incrementAndGet();
                    ctx.events().hintDelivered();
                    acknowledged.incrementAndGet();
                }
                if (outstanding.decrementAndGet() == 0) {
                    busy.remove(target);
                    if (acknowledged.get() == batch.size()) {
                        ctx.scheduler().schedule(() -> deliverTo(target), 0);
                    }
                }
            });
            requests.start(op, ctx.deadlines().backgroundMillis());
        }
    }
}
