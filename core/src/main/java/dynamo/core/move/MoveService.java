package dynamo.core.move;

import dynamo.core.epoch.EpochRing;
import dynamo.core.epoch.RingConfig;
import dynamo.core.message.Message.MoveStep;
import dynamo.core.message.Message.MoveStepDone;
import dynamo.core.operation.BackgroundThread;
import dynamo.core.operation.OperationContext;
import dynamo.core.operation.RequestTable;
import dynamo.core.ring.Ring;
import dynamo.core.storage.StorageEngine;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * A node's part of a move, asked for by the move's driver: stream the ranges it gains (at the move's
 * first epoch) or drop those it lost (once the move is finished). The work runs on a thread of its
 * own and is answered when done; asking again while it runs joins the same work, asking after it
 * succeeded answers at once, so the driver may repeat a step it got no answer to.
 *
 * <p>A node also drops what it no longer replicates on its own: whenever it installs a ring with no
 * move under way (the end of a move is chosen only after the new replicas hold every range, so the
 * old copies are no longer needed), and once after it starts (it may have crashed before it could).
 */
public final class MoveService {
    private static final System.Logger LOG = System.getLogger(MoveService.class.getName());

    static final long CLEAN_UP_AGAIN_MILLIS = 5_000;

    private final OperationContext ctx;
    private final RequestTable requests;
    private final EpochRing ring;
    private final StorageEngine storage;
    private final ExecutorService worker;
    private final RangeStreamer.Progress progress = new RangeStreamer.Progress();
    private long jobEpoch;
    private MoveStep.Step jobStep;
    private CompletableFuture<MoveStepDone> job;

    public MoveService(OperationContext ctx, RequestTable requests, EpochRing ring, StorageEngine storage) {
        this.ctx = ctx;
        this.requests = requests;
        this.ring = ring;
        this.storage = storage;
        this.worker = BackgroundThread.named("move-" + ctx.self());
    }

    /**
     * Starts the clean-ups of its own: one {@code startDelayMillis} after start, and two after each
     * finished move, the second {@value #CLEAN_UP_AGAIN_MILLIS} ms later: a copy that was in flight
     * when the move ended (a hint, a read repair, a resent accept of the move's joint epoch) can land
     * after the first.
     */
    public void start(long startDelayMillis) {
        ring.onInstall(config -> {
            if (config.move() == null) {
                cleanUpOwn(config.epoch());
                ctx.scheduler().schedule(() -> cleanUpAgain(config.epoch()), CLEAN_UP_AGAIN_MILLIS);
            }
        });
        ctx.scheduler().schedule(() -> cleanUpOwn(ring.epoch()), startDelayMillis);
    }

    private synchronized void cleanUpAgain(long epoch) {
        if (ring.epoch() == epoch && job != null && job.isDone()) {
            job = null; // the same step at the same epoch would otherwise answer the finished job
            cleanUpOwn(epoch);
        }
    }

    private synchronized void cleanUpOwn(long epoch) {
        if (ring.config().move() == null) {
            work(new MoveStep(0, ctx.self(), epoch, MoveStep.Step.CLEAN_UP));
        }
    }

    public void onStep(MoveStep step) {
        work(step).thenAccept(done -> ctx.send(step.from(), new MoveStepDone(step.requestId(), ctx.self(),
                done.epoch(), done.ok(), done.keys(), done.bytes(), done.detail())));
    }

    /** Keys and bytes this node has received by streaming since it started. */
    public long keysStreamed() {
        return progress.keys;
    }

    public long bytesStreamed() {
        return progress.bytes;
    }

    public void stop() {
        worker.shutdownNow();
    }

    private synchronized CompletableFuture<MoveStepDone> work(MoveStep step) {
        RingConfig config = ring.config();
        if (config.epoch() < step.epoch()) {
            return done(step, false, 0, 0, "at epoch " + config.epoch() + ", behind the move's " + step.epoch());
        }
        if (step.step() == MoveStep.Step.STREAM && (config.epoch() > step.epoch() || config.move() == null)) {
            return done(step, true, 0, 0, "the move of epoch " + step.epoch() + " is past");
        }
        if (step.step() == MoveStep.Step.CLEAN_UP && config.move() != null) {
            return done(step, false, 0, 0, "a move is under way at epoch " + config.epoch());
        }
        boolean same = job != null && jobEpoch == step.epoch() && jobStep == step.step();
        if (same && (!job.isDone() || job.join().ok())) {
            return job;
        }
        jobEpoch = step.epoch();
        jobStep = step.step();
        job = submit(step, config);
        return job;
    }

    private CompletableFuture<MoveStepDone> submit(MoveStep step, RingConfig config) {
        try {
            return CompletableFuture.supplyAsync(() -> step.step() == MoveStep.Step.STREAM
                    ? stream(step, config) : cleanUp(step, config), worker);
        } catch (RejectedExecutionException stopped) {
            return done(step, false, 0, 0, "stopping");
        }
    }

    private MoveStepDone stream(MoveStep step, RingConfig config) {
        MovePlan plan = MovePlan.of(config.ring(), config.target().orElseThrow(), ctx.defaults().n());
        try {
            RangeStreamer.Result result = new RangeStreamer(ctx, requests, storage, progress)
                    .stream(plan.gainedBy(ctx.self()));
            LOG.log(Level.INFO, "{0} streamed {1} keys ({2} bytes) for epoch {3}: {4}", ctx.self(), result.keys(),
                    result.bytes(), step.epoch(), result.detail());
            return answer(step, result.complete(), result.keys(), result.bytes(), result.detail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return answer(step, false, 0, 0, "stopping");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "stream for epoch " + step.epoch() + " failed on " + ctx.self(), e);
            return answer(step, false, 0, 0, "stream failed: " + e);
        }
    }

    private MoveStepDone cleanUp(MoveStep step, RingConfig config) {
        Ring current = config.ring();
        long dropped = KeyCleanup.dropNotReplicated(storage, current, ctx.defaults().n(), ctx.self());
        LOG.log(Level.INFO, "{0} dropped {1} keys it no longer replicates at epoch {2}", ctx.self(), dropped,
                config.epoch());
        return answer(step, true, dropped, 0, "dropped " + dropped + " keys");
    }

    private MoveStepDone answer(MoveStep step, boolean ok, long keys, long bytes, String detail) {
        return new MoveStepDone(step.requestId(), ctx.self(), step.epoch(), ok, keys, bytes, detail);
    }

    private CompletableFuture<MoveStepDone> done(MoveStep step, boolean ok, long keys, long bytes, String detail) {
        return CompletableFuture.completedFuture(answer(step, ok, keys, bytes, detail));
    }
}
