package dynamo.core.paxos;

import dynamo.core.handoff.HintSender;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.Message;
import dynamo.core.message.Message.Accept;
import dynamo.core.message.Message.Accepted;
import dynamo.core.message.Message.Prepare;
import dynamo.core.message.Message.Promise;
import dynamo.core.operation.CoordinatedOperation;
import dynamo.core.operation.OperationContext;
import dynamo.core.operation.ReplicaSets;
import dynamo.core.version.Ballot;
import dynamo.core.version.BallotsNotReserved;
import dynamo.core.version.Versioned;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One CASPaxos round on one key, run by its coordinator (the proposer): a put, delete or conditional
 * put, or the round a disagreeing read must finish.
 *
 * <p>Steady state, one round trip: the coordinator holds a ballot that a majority promised on its
 * previous accept ({@link ProposerCache}), so it applies the {@link Proposal} to the value it knows
 * is chosen and sends ACCEPT at once, piggybacking the promise of its next ballot. Otherwise, or when
 * a majority refuses (another proposer came in between), it runs PREPARE with a ballot above every
 * ballot it has seen, applies the proposal to the highest accepted value of the promises, and sends
 * ACCEPT. The client hears the outcome once {@code clientAcks} replicas accepted; a majority makes it
 * chosen. No new round starts after the deadline: a paused coordinator cannot resurrect an old write.
 * A ballot not reserved yet ({@link BallotsNotReserved}: its save to disk is under way) holds no
 * thread: the prepare tries again on the scheduler, the accept asks for no next promise.
 */
public final class ProposeOperation extends CoordinatedOperation {
    private enum Step { PREPARING, BACKING_OFF, ACCEPTING, DONE }

    private final byte[] key;
    private final Proposal proposal;
    private final ReplicaSets sets;
    private final List<String> replicas;
    private final List<String> standIns;
    private final int clientAcks;
    private final ProposerCache cache;
    private final long deadlineAt;
    private final Map<String, Promise> promises = new LinkedHashMap<>();
    private final Set<String> acks = new HashSet<>();
    private final Set<String> refused = new HashSet<>();
    private Step step = Step.PREPARING;
    private Ballot ballot = Ballot.ZERO;
    private Ballot highestSeen = Ballot.ZERO;
    /** The next ballot the current accept asks the replicas to promise: kept for the next operation on the key. */
    private Ballot promiseNext = Ballot.ZERO;
    private Proposal.Outcome outcome;
    private int prepares;
    /** Whether a majority accepted this round's value (then its next promise was handed to the cache). */
    private boolean chosen;
    /** Counts rounds (prepares and accepts), so a round's watch knows when it is stale. */
    private int rounds;
    private long roundStartedAt;
    /** The current round's prepare or accept, sent again to replicas that seem up but stay silent. */
    private Message roundMessage;
    private long lastSentAt;

    /**
     * @param cache      the coordinator's promises; null for a round that must not use or keep one (a read's)
     * @param clientAcks acknowledgements before the client's answer (W; a majority is still needed to finish)
     * @param deadlineAt absolute time after which no new round starts
     */
    public ProposeOperation(long id, OperationContext ctx, byte[] key, Proposal proposal, ReplicaSets sets,
            List<String> standIns, int clientAcks, ProposerCache cache, long deadlineAt) {
        super(id, ctx);
        this.key = key;
        this.proposal = proposal;
        this.sets = sets;
        this.replicas = sets.all();
        this.standIns = standIns;
        this.clientAcks = Math.max(1, clientAcks);
        this.cache = cache;
        this.deadlineAt = deadlineAt;
    }

    @Override
    public void start() {
        ProposerCache.Prepared held = cache == null ? null : cache.take(key, sets);
        if (held == null) {
            prepare();
            return;
        }
        highestSeen = held.next();
        accept(held.next(), proposal.apply(held.current(), ctx.self(), ctx.scheduler().nowMillis(), ctx.resolver()));
    }

    private void prepare() {
        if (answered() || pastDeadline()) {
            return;
        }
        if (!majoritySeemsUp()) {
            awaitMajority();
            return;
        }
        Ballot next;
        try {
            next = ctx.nextBallot(highestSeen);
        } catch (BallotsNotReserved e) {
            prepareAgainIn(ctx.deadlines().ballotRetryMillis()); // its reservation is being saved
            return;
        }
        prepares++;
        ctx.events().prepared();
        step = Step.PREPARING;
        ballot = next;
        promises.clear();
        refused.clear();
        roundStartedAt = ctx.scheduler().nowMillis();
        Prepare message = new Prepare(id, ctx.self(), key, ballot);
        roundMessage = message;
        lastSentAt = roundStartedAt;
        replicas.forEach(r -> ctx.send(r, message));
        watchRound(++rounds);
    }

    private void accept(Ballot chosenBallot, Proposal.Outcome next) {
        if (answered() || pastDeadline()) {
            return;
        }
        outcome = next;
        if (next.toAccept().isEmpty()) {
            end(next.answer()); // an absent key read by a round: nothing was ever chosen, nothing to write
            return;
        }
        step = Step.ACCEPTING;
        ballot = chosenBallot;
        acks.clear();
        refused.clear();
        promiseNext = cache == null ? Ballot.ZERO : nextPromise();
        roundStartedAt = ctx.scheduler().nowMillis();
        Accept message = new Accept(id, ctx.self(), key, ballot, next.toAccept(), promiseNext);
        roundMessage = message;
        lastSentAt = roundStartedAt;
        replicas.forEach(r -> ctx.send(r, message));
        HintSender.send(ctx, id, key, next.toAccept(), replicas, standIns, ballot);
        watchRound(++rounds);
    }

    /**
     * The ballot this accept asks the replicas to promise next, or none (ZERO) if it lies beyond the
     * saved reservation: then the key's next operation simply prepares, and this one goes on at once.
     */
    private Ballot nextPromise() {
        try {
            return ctx.nextBallot(ballot);
        } catch (BallotsNotReserved e) {
            return Ballot.ZERO;
        }
    }

    @Override
    public void onReply(Message reply) {
        if (!replicas.contains(reply.from())) {
            return;
        }
        if (reply instanceof Promise p && step == Step.PREPARING && p.ballot().equals(ballot)) {
            onPromise(p);
        } else if (reply instanceof Accepted a && step == Step.ACCEPTING && a.ballot().equals(ballot)) {
            onAccepted(a);
        }
    }

    private void onPromise(Promise p) {
        highestSeen = Ballot.max(highestSeen, Ballot.max(p.promised(), p.accepted()));
        if (!p.ok()) {
            refuse(p.from());
            return;
        }
        promises.put(p.from(), p);
        if (sets.hasMajority(promises.keySet())) {
            Promise highest = promises.values().stream().max((a, b) -> a.accepted().compareTo(b.accepted()))
                    .orElseThrow();
            Versioned current = Proposal.newest(highest.versions());
            accept(ballot, proposal.apply(current, ctx.self(), ctx.scheduler().nowMillis(), ctx.resolver()));
        }
    }

    private void onAccepted(Accepted a) {
        highestSeen = Ballot.max(highestSeen, a.promised());
        if (!a.ok()) {
            refuse(a.from());
            return;
        }
        acks.add(a.from());
        if (sets.reaches(acks, clientAcks) && !isDone()) {
            finish(outcome.answer());
        }
        if (!chosen && sets.hasMajority(acks)) {
            chosen = true;
            // once: a later accept putting it back after another operation took it would reuse it; none if none was asked
            if (cache != null && !promiseNext.equals(Ballot.ZERO)) {
                cache.put(key, sets, promiseNext, outcome.toAccept().get(0));
            }
        }
        if (chosen && isDone()) {
            step = Step.DONE;
        }
    }

    /** A refusal: once a majority is out of reach, start over with a higher ballot. */
    private void refuse(String replica) {
        refused.add(replica);
        if (majorityStillPossible()) {
            return;
        }
        startOver();
    }

    /** Starts over with a higher ballot, after a random pause (two proposers must not collide again). */
    private void startOver() {
        if (isDone()) {
            step = Step.DONE; // answered already (W below a majority): nothing more to do
            return;
        }
        step = Step.BACKING_OFF;
        long lostRound = ctx.scheduler().nowMillis() - roundStartedAt;
        long pause = ThreadLocalRandom.current().nextLong(ctx.deadlines().retryBackoffMillis(prepares, lostRound) + 1);
        ctx.scheduler().schedule(() -> {
            synchronized (this) {
                if (step == Step.BACKING_OFF) {
                    prepare();
                }
            }
        }, pause);
    }

    /**
     * A proposer that hears fewer than a majority of the key's replicas (cut off, or cut off one way:
     * its messages still arrive) cannot win a round, and each new ballot of its would only outbid the
     * rounds of a coordinator that can: it sends none until it hears a majority again, and the next
     * replica deadline answers 503 if it still does not ({@link #unreachableQuorum}).
     */
    private boolean majoritySeemsUp() {
        return sets.hasMajority(replicas.stream().filter(ctx.detector()::seemsUp).toList());
    }

    private void awaitMajority() {
        prepareAgainIn(ctx.deadlines().replicaMillis());
    }

    /** Backs off and prepares again after {@code millis} (on the scheduler: no thread waits). */
    private void prepareAgainIn(long millis) {
        step = Step.BACKING_OFF;
        ctx.scheduler().schedule(() -> {
            synchronized (this) {
                if (step == Step.BACKING_OFF) {
                    prepare();
                }
            }
        }, millis);
    }

    /**
     * Whether the client already heard an answer before this round could start: a 503 (its quorum
     * seemed unreachable, or its ring stale). Such an operation starts no round: its client may be
     * retrying elsewhere, and the key's next operation here runs already ({@link
     * dynamo.core.routing.WriteQueue}); late promises must not bring it back to duel with that one.
     */
    private boolean answered() {
        if (isDone()) {
            step = Step.DONE;
        }
        return isDone();
    }

    /**
     * The fence against pauses: no round starts after the deadline, even if the deadline's timer has
     * not fired yet (a node resuming from a pause runs its queued work and its timers in any order).
     */
    private boolean pastDeadline() {
        if (ctx.scheduler().nowMillis() < deadlineAt) {
            return false;
        }
        end(ClientResponse.unavailable("no ballot won before the deadline"));
        return true;
    }

    private void end(ClientResponse response) {
        step = Step.DONE;
        if (!isDone()) {
            finish(response);
        }
    }

    @Override
    public void onDeadline() {
        super.onDeadline();
        step = Step.DONE;
    }

    /**
     * Every replica deadline of a round: if its majority now depends on replicas that seem down (one
     * paused or crashed while another refused), start over instead of waiting for them in vain;
     * otherwise, every {@link dynamo.core.operation.Deadlines#resendMillis}, send the round's message
     * again to the replicas that seem up and have not answered (a message lost on a link that broke
     * would hold the round until its deadline). Same ballot, so a replica that gets it twice answers the
     * same: a prepare it promised is promised again, an accept it took is reported taken.
     */
    private void watchRound(int round) {
        ctx.scheduler().schedule(() -> {
            synchronized (this) {
                if (round != rounds || (step != Step.PREPARING && step != Step.ACCEPTING)
                        || (step == Step.PREPARING && answered())) {
                    return;
                }
                if (majorityStillPossible()) {
                    resendToSilent();
                    watchRound(round);
                } else {
                    startOver();
                }
            }
        }, ctx.deadlines().replicaMillis());
    }

    private void resendToSilent() {
        long now = ctx.scheduler().nowMillis();
        if (now - lastSentAt < ctx.deadlines().resendMillis()) {
            return;
        }
        lastSentAt = now;
        awaited().stream().filter(ctx.detector()::seemsUp).forEach(r -> ctx.send(r, roundMessage));
    }

    /**
     * Whether the answers so far and those the replicas that seem up still owe can make a majority. A
     * replica that only missed a replica deadline (slow: a cold JIT, a loaded host) still counts: giving
     * up on it would throw away its answer, due any moment, and a new round would wait for it again.
     */
    private boolean majorityStillPossible() {
        Set<String> answered = step == Step.PREPARING ? promises.keySet() : acks;
        Set<String> possible = new HashSet<>(answered);
        replicas.stream().filter(r -> !refused.contains(r)).filter(ctx.detector()::seemsUp).forEach(possible::add);
        return sets.hasMajority(possible);
    }

    /** The replicas that seem down and have not answered this round, if the rest are no majority. */
    @Override
    protected List<String> unreachableQuorum() {
        return downAndNeeded(replicas, step == Step.ACCEPTING ? acks : promises.keySet(), sets::hasMajority);
    }

    @Override
    public Collection<String> awaited() {
        return switch (step) {
            case PREPARING -> without(replicas, union(promises.keySet(), refused));
            case ACCEPTING -> without(replicas, union(acks, refused));
            default -> List.of();
        };
    }

    @Override
    protected String describeProgress() {
        return switch (step) {
            case PREPARING, BACKING_OFF -> promises.size() + " promises (need " + sets.quorumNeeded() + "), " + refused.size()
                    + " refused (prepare " + prepares + (step == Step.BACKING_OFF ? ", backing off" : "") + ")";
            case ACCEPTING -> acks.size() + " accepts (need " + sets.quorumNeeded() + "), " + refused.size() + " refused";
            case DONE -> "done";
        };
    }
}
