package dynamo.core.move;

import dynamo.core.antientropy.PeerRequest;
import dynamo.core.epoch.EpochRing;
import dynamo.core.epoch.RingConfig;
import dynamo.core.epoch.RingConfigCodec;
import dynamo.core.membership.Member;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.Message.MoveStep;
import dynamo.core.message.Message.MoveStepDone;
import dynamo.core.message.Message.RingConfigReply;
import dynamo.core.message.Message.RingFetch;
import dynamo.core.operation.BackgroundThread;
import dynamo.core.operation.OperationContext;
import dynamo.core.operation.RequestTable;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Runs one membership change to its end, from the node where an operator asked for it:
 * <ol>
 * <li>proposes the move (epoch e + 1: the ring with the move's target) through the ring register,
 * which refuses it while another move is under way (one change at a time);</li>
 * <li>waits until a majority of every old replica list stored e + 1, so no request of epoch e can
 * complete any more (they need such a majority, which now refuses them);</li>
 * <li>asks every node that gains ranges to stream them, and waits for all of them;</li>
 * <li>proposes the end of the move (epoch e + 2: the target becomes the ring), waits until a majority of
 * every new list stored it, then asks the nodes that lost ranges to drop them.</li>
 * </ol>
 * Every step can be repeated: a driver that crashed or gave up is resumed by asking for the same
 * change again (on any node), which finds the move in the register and continues it.
 */
public final class MoveDriver {
    static final long CONFIRM_MAX_MILLIS = 30_000;
    static final long POLL_MILLIS = 200;
    static final long STREAM_MAX_MILLIS = 60 * 60_000;
    static final long STEP_RETRY_MILLIS = 1_000;
    static final long ASK_MILLIS = 5_000;
    private static final System.Logger LOG = System.getLogger(MoveDriver.class.getName());

    /** What a finished change did. */
    public record Report(long fromEpoch, long toEpoch, List<String> members, long keysStreamed, long bytesStreamed,
            long keysDropped, long millis) {
    }

    /** The change cannot start now: another is under way (HTTP 409). */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    /** The change could not finish now (no quorum, a source down); asking again resumes it (HTTP 503). */
    public static final class Stalled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Stalled(String message) {
            super(message);
        }
    }

    private final OperationContext ctx;
    private final RequestTable requests;
    private final EpochRing ring;
    private final Function<RingConfig, CompletableFuture<ClientResponse>> propose;
    private final ExecutorService thread;
    private volatile String phase = "idle";

    /** @param propose proposes a config as the ring register's next value (Node.proposeRing) */
    public MoveDriver(OperationContext ctx, RequestTable requests, EpochRing ring,
            Function<RingConfig, CompletableFuture<ClientResponse>> propose) {
        this.ctx = ctx;
        this.requests = requests;
        this.ring = ring;
        this.propose = propose;
        this.thread = BackgroundThread.named("move-driver-" + ctx.self());
    }

    /**
     * Changes the members to {@code edit} of the current ones (resuming the move to that if one is under
     * way). The edit is applied to the newest config this node learns, not to the one it has now, which
     * may be stale (a node that is joining knows only its first ring).
     */
    public CompletableFuture<Report> change(UnaryOperator<Set<String>> edit, Collection<Member> addresses) {
        return CompletableFuture.supplyAsync(() -> run(edit, List.copyOf(addresses)), thread);
    }

    /** What this node's driver is doing, for the admin view. */
    public String phase() {
        return phase;
    }

    public void stop() {
        thread.shutdownNow();
    }

    private Report run(UnaryOperator<Set<String>> edit, List<Member> addresses) {
        long started = System.currentTimeMillis();
        long fromEpoch = ring.epoch();
        try {
            phase = "proposing the move";
            RingConfig moving = begin(edit, addresses);
            if (moving == null) {
                return new Report(fromEpoch, ring.epoch(), ring.config().members(), 0, 0, 0, 0);
            }
            MovePlan plan = MovePlan.of(moving.ring(), moving.target().orElseThrow(), ctx.defaults().n());
            phase = "waiting for the old replicas to store epoch " + moving.epoch();
            confirm(moving, plan, true);
            phase = "streaming " + plan.moving() + " ranges to " + plan.gainers();
            long[] streamed = askAll(plan.gainers(), moving.epoch(), MoveStep.Step.STREAM, STREAM_MAX_MILLIS);
            phase = "finishing the move at epoch " + (moving.epoch() + 1);
            RingConfig done = finish(moving);
            confirm(done, plan, false);
            phase = "dropping moved ranges on " + plan.losers();
            long[] dropped = cleanUp(plan, done);
            Report report = new Report(fromEpoch, done.epoch(), done.members(), streamed[0], streamed[1], dropped[0],
                    System.currentTimeMillis() - started);
            LOG.log(Level.INFO, "membership change done: {0}", report);
            return report;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stalled("stopping");
        } finally {
            phase = "idle";
        }
    }

    /** The config of the move {@code edit} asks for, proposed now or found under way; null if there is nothing to do. */
    private RingConfig begin(UnaryOperator<Set<String>> edit, List<Member> addresses) throws InterruptedException {
        for (int attempt = 0; attempt < 3; attempt++) {
            RingConfig known = ring.config();
            Set<String> target = edit.apply(new TreeSet<>(known.members()));
            if (target.isEmpty()) {
                throw new Refused("a ring needs at least one member");
            }
            if (known.move() != null) {
                if (new TreeSet<>(known.move().members()).equals(target)) {
                    return known;
                }
                throw new Refused("a move to " + known.move().members() + " is under way at epoch " + known.epoch()
                        + ": one change at a time; ask for that change again to resume it");
            }
            if (new TreeSet<>(known.members()).equals(target)) {
                return null;
            }
            RingConfig next = known.startingMove(target, addresses);
            ClientResponse answer = await(propose.apply(next), ctx.deadlines().ringChangeMillis());
            if (answer.status() == ClientResponse.Status.WRITTEN) {
                return next;
            }
            if (answer.status() != ClientResponse.Status.REJECTED) {
                throw new Stalled("the move could not be proposed: " + answer.message());
            }
            // REJECTED: the register was past our epoch; the round installed its value here, look again.
        }
        throw new Stalled("the ring kept changing while the move was proposed; ask again");
    }

    /** Ends the move; a register already past it (another driver ended it) counts as done. */
    private RingConfig finish(RingConfig moving) throws InterruptedException {
        RingConfig done = moving.finishingMove();
        for (int attempt = 0; attempt < 5; attempt++) {
            ClientResponse answer = await(propose.apply(done), ctx.deadlines().ringChangeMillis());
            RingConfig now = ring.config();
            if (answer.status() == ClientResponse.Status.WRITTEN
                    || (now.epoch() >= done.epoch() && now.move() == null)) {
                return now.epoch() == done.epoch() ? now : done;
            }
            Thread.sleep(STEP_RETRY_MILLIS);
        }
        throw new Stalled("the end of the move at epoch " + done.epoch() + " was not chosen; ask again to resume");
    }

    /**
     * Waits until the nodes storing {@code config}'s epoch (or a later one) hold a majority of every
     * old list ({@code old}) or every new list of the move; pushes the config to those behind meanwhile.
     */
    private void confirm(RingConfig config, MovePlan plan, boolean old) throws InterruptedException {
        long until = System.currentTimeMillis() + CONFIRM_MAX_MILLIS;
        Set<String> stored = new TreeSet<>();
        while (System.currentTimeMillis() < until) {
            stored = storedAtLeast(config);
            if (plan.majorities(stored, old)) {
                return;
            }
            RingConfigReply push = new RingConfigReply(0, ctx.self(), RingConfigCodec.encode(config));
            Set<String> atEpoch = stored;
            config.everyone().stream().filter(m -> !atEpoch.contains(m)).forEach(m -> ctx.send(m, push));
            Thread.sleep(POLL_MILLIS);
        }
        throw new Stalled("epoch " + config.epoch() + " is stored only on " + stored
                + ", not on a majority of every " + (old ? "old" : "new") + " replica list; ask again to resume");
    }

    /** The members that answer a ring fetch with {@code config}'s epoch or a later one. */
    private Set<String> storedAtLeast(RingConfig config) throws InterruptedException {
        Map<String, CompletableFuture<RingConfigReply>> asked = new LinkedHashMap<>();
        for (String member : config.everyone()) {
            if (!member.equals(ctx.self())) {
                asked.put(member, PeerRequest.ask(requests, ctx, member, id -> new RingFetch(id, ctx.self()),
                        RingConfigReply.class, ctx.deadlines().requestMillis()));
            }
        }
        Set<String> stored = new TreeSet<>();
        if (ring.epoch() >= config.epoch()) {
            stored.add(ctx.self());
        }
        for (var answer : asked.entrySet()) {
            RingConfigReply reply = awaitOrNull(answer.getValue(), ctx.deadlines().requestMillis());
            try {
                if (reply != null && RingConfigCodec.decode(reply.config()).epoch() >= config.epoch()) {
                    stored.add(answer.getKey());
                }
            } catch (IllegalArgumentException malformed) {
                // not counted
            }
        }
        return stored;
    }

    /**
     * Asks each of {@code nodes} to do {@code step} for {@code epoch}, again after a failure, until every
     * one succeeded or {@code maxMillis} passed; the sums of their keys and bytes.
     */
    private long[] askAll(Set<String> nodes, long epoch, MoveStep.Step step, long maxMillis)
            throws InterruptedException {
        long until = System.currentTimeMillis() + maxMillis;
        Map<String, MoveStepDone> done = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        while (done.size() < nodes.size() && System.currentTimeMillis() < until) {
            Map<String, CompletableFuture<MoveStepDone>> asked = new LinkedHashMap<>();
            for (String node : nodes) {
                if (!done.containsKey(node)) {
                    asked.put(node, PeerRequest.ask(requests, ctx, node, id -> new MoveStep(id, ctx.self(), epoch, step),
                            MoveStepDone.class, askMillis(until)));
                }
            }
            for (var answer : asked.entrySet()) {
                MoveStepDone reply = awaitOrNull(answer.getValue(), askMillis(until) + 1000);
                if (reply != null && reply.ok()) {
                    done.put(answer.getKey(), reply);
                } else {
                    failures.put(answer.getKey(), reply == null ? "no answer" : reply.detail());
                }
            }
            if (done.size() < nodes.size()) {
                Thread.sleep(STEP_RETRY_MILLIS);
            }
        }
        if (done.size() < nodes.size()) {
            failures.keySet().removeAll(done.keySet());
            throw new Stalled(step + " at epoch " + epoch + " did not finish on " + failures + "; ask again to resume");
        }
        return new long[] {done.values().stream().mapToLong(MoveStepDone::keys).sum(),
            done.values().stream().mapToLong(MoveStepDone::bytes).sum()};
    }

    /**
     * How long one ask waits: a node still working answers the next ask when done (it joins the same
     * work), and a node that restarted meanwhile gets asked again within this time, not at the end.
     */
    private static long askMillis(long until) {
        return Math.max(1, Math.min(ASK_MILLIS, until - System.currentTimeMillis()));
    }

    /**
     * Asks the nodes that lost ranges and seem up to drop them, and says how many keys they dropped. Not required
     * for the move: a node that cannot now (down, say) drops them itself when it starts or next learns
     * a finished move ({@link MoveService}).
     */
    private long[] cleanUp(MovePlan plan, RingConfig done) throws InterruptedException {
        Set<String> up = new TreeSet<>(plan.losers());
        up.removeIf(node -> !ctx.detector().seemsUp(node)); // a dead node (a remove) cleans up when it starts
        try {
            return askAll(up, done.epoch(), MoveStep.Step.CLEAN_UP, CONFIRM_MAX_MILLIS);
        } catch (Stalled notAll) {
            LOG.log(Level.WARNING, "the move to epoch {0} is done; some nodes will drop their moved ranges later: {1}",
                    done.epoch(), notAll.getMessage());
            return new long[] {-1, 0};
        }
    }

    private static ClientResponse await(CompletableFuture<ClientResponse> answer, long millis)
            throws InterruptedException {
        ClientResponse response = awaitOrNull(answer, millis);
        return response != null ? response : ClientResponse.unavailable("no answer in " + millis + " ms");
    }

    private static <T> T awaitOrNull(CompletableFuture<T> answer, long millis) throws InterruptedException {
        try {
            return answer.get(Math.max(1, millis), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }
}
