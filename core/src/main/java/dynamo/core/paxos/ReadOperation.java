package dynamo.core.paxos;

import dynamo.core.message.ClientResponse;
import dynamo.core.message.Message;
import dynamo.core.message.Message.ReadReply;
import dynamo.core.message.Message.ReadRequest;
import dynamo.core.message.Message.WriteRequest;
import dynamo.core.operation.CoordinatedOperation;
import dynamo.core.operation.OperationContext;
import dynamo.core.operation.Quorum;
import dynamo.core.operation.ReplicaSets;
import dynamo.core.version.Ballot;
import dynamo.core.version.Versioned;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A linearizable read in one round trip when the replicas agree. Any node may run it (reads are
 * not forwarded). It asks every replica for its accepted ballot and versions; once a majority
 * reports the same accepted ballot, that value is chosen, and no write that completed before the
 * read began can be missing from it (its majority meets ours, and accepted ballots only grow), so
 * it is the answer, and nothing is written. Replicas that answer with an older ballot get the
 * chosen value as a late copy (read repair).
 *
 * <p>When the answers cannot agree (a write in flight, or a replica that missed one), the read
 * finishes the round instead: a {@link ProposeOperation} with the identity {@link Proposal#read()}
 * makes the highest accepted value chosen, then answers it.
 *
 * <p>It first asks only as many replicas as it needs (this node first if it is one, then live ones
 * in preference-list order), and the others only when those disagree or one is late: in the common
 * case a read costs one remote request, not two.
 *
 * <p>While it reads, replicas that seem up but have not answered for a while are asked again: a
 * request or answer lost on a link that broke (a peer reconnecting after a pause drops what was in
 * flight) would otherwise hold the read until its deadline. Reads change nothing, so asking twice is
 * harmless.
 *
 * <p>With R below a majority the first R answers decide (Dynamo's trade of consistency for latency).
 *
 * <p>During a move of the key's range (its {@link ReplicaSets} joint) the answers that agree must hold
 * a majority of the old list and of the new one: a write completed before the move met the old
 * majority, one completed during it met both, and a value agreed by both stays chosen after the move.
 * The replicas the two lists share usually suffice, so a node still streaming the range is not
 * needed for a one-round-trip read.
 */
public final class ReadOperation extends CoordinatedOperation {
    private enum Step { READING, FINISHING_ROUND, DONE }

    private final byte[] key;
    private final ReplicaSets sets;
    /** Every replica of either list: who may be asked. */
    private final List<String> replicas;
    /** The client's R, capped at a list's size. */
    private final int readQuorum;
    /** Whether agreement needs a majority (R at least a majority) or just R answers (Dynamo's trade). */
    private final boolean majorityAgreement;
    private final Supplier<CompletableFuture<ClientResponse>> round;
    private final Map<String, ReadReply> answers = new LinkedHashMap<>();
    /** The replicas asked, in order, with when each was last sent the request. */
    private final Map<String, Long> askedAt = new LinkedHashMap<>();
    private Step step = Step.READING;
    private boolean replicaDeadlinePassed;
    private Ballot chosen;
    private List<Versioned> chosenVersions;

    /** @param round starts the round that a disagreeing read finishes (called at most once, off this lock) */
    public ReadOperation(long id, OperationContext ctx, byte[] key, ReplicaSets sets, int readQuorum,
            Supplier<CompletableFuture<ClientResponse>> round) {
        super(id, ctx);
        this.key = key;
        this.sets = sets;
        this.replicas = sets.all();
        this.readQuorum = Math.max(1, Math.min(readQuorum, sets.current().size()));
        this.majorityAgreement = this.readQuorum >= Quorum.majority(sets.current().size());
        this.round = round;
    }

    @Override
    public void start() {
        ask(firstToAsk());
    }

    /**
     * The fewest replicas whose agreement would answer the read: this node first if it is one, then
     * live replicas of both lists, then live ones of either, then the rest, in preference-list order.
     */
    private List<String> firstToAsk() {
        List<String> order = new ArrayList<>();
        if (replicas.contains(ctx.self())) {
            order.add(ctx.self());
        }
        replicas.stream().filter(r -> sets.current().contains(r) && sets.next().contains(r)).forEach(order::add);
        replicas.stream().filter(r -> ctx.detector().seemsUp(r)).forEach(order::add);
        order.addAll(replicas);
        List<String> first = new ArrayList<>();
        for (String node : order.stream().distinct().toList()) {
            first.add(node);
            if (enough(first)) {
                break;
            }
        }
        return first;
    }

    /** Asks again the replicas that seem up but stayed silent a resend period since they were asked. */
    private void askSilentAgain() {
        long now = ctx.scheduler().nowMillis();
        ReadRequest request = new ReadRequest(id, ctx.self(), key);
        for (Map.Entry<String, Long> sent : askedAt.entrySet()) {
            String node = sent.getKey();
            if (!answers.containsKey(node) && now - sent.getValue() >= ctx.deadlines().resendMillis()
                    && ctx.detector().seemsUp(node)) {
                sent.setValue(now);
                ctx.send(node, request);
            }
        }
    }

    private void ask(List<String> nodes) {
        ReadRequest request = new ReadRequest(id, ctx.self(), key);
        for (String node : nodes) {
            if (askedAt.putIfAbsent(node, ctx.scheduler().nowMillis()) == null) {
                ctx.send(node, request);
            }
        }
    }

    /** Asks the replicas not asked yet; true if there were any. */
    private boolean askTheRest() {
        List<String> rest = replicas.stream().filter(r -> !askedAt.containsKey(r)).toList();
        ask(rest);
        return !rest.isEmpty();
    }

    @Override
    public void onReply(Message reply) {
        if (!(reply instanceof ReadReply read) || !replicas.contains(read.from())) {
            return;
        }
        answers.put(read.from(), read);
        if (step == Step.READING) {
            decide();
        } else if (step == Step.DONE && chosen != null) {
            repairIfBehind(read);
        }
    }

    /**
     * Each replica deadline while reading: the first one asks the replicas not asked yet and stops
     * waiting for a silent replica to break a tie; every one asks again the replicas that seem up but
     * stay silent (a request or answer lost on a link that broke would otherwise hold the read until
     * its deadline), and the base class answers 503 once the replicas that seem up cannot decide.
     */
    @Override
    public void onReplicaDeadline() {
        super.onReplicaDeadline();
        if (step != Step.READING || isDone()) {
            return;
        }
        if (!replicaDeadlinePassed) {
            replicaDeadlinePassed = true;
            askTheRest();
            decide();
        } else {
            askSilentAgain();
        }
    }

    /** While reading: the replicas that seem down, if the others (and the answers) are not enough to decide. */
    @Override
    protected List<String> unreachableQuorum() {
        return step == Step.READING ? downAndNeeded(replicas, answers.keySet(), this::enough) : List.of();
    }

    private void decide() {
        if (isDone()) { // answered 503 already: the client moved on, no round for it
            step = Step.DONE;
            return;
        }
        boolean enoughAnswers = sets.reaches(answers.keySet(), readQuorum);
        if (!enoughAnswers && answers.size() < askedAt.size()) {
            return;
        }
        Ballot agreed = enoughAnswers ? agreedBallot() : null;
        if (agreed != null) {
            step = Step.DONE;
            chosen = agreed;
            ReadReply sample = answers.values().stream().filter(a -> a.accepted().equals(agreed)).findFirst().orElseThrow();
            chosenVersions = sample.versions();
            answers.values().forEach(this::repairIfBehind);
            finish(answer(Proposal.newest(chosenVersions)));
        } else if (answers.size() == askedAt.size() && askTheRest()) {
            return; // the replicas asked first disagree: hear the others before running a round
        } else if (enoughAnswers
                && (replicaDeadlinePassed || answers.size() == replicas.size() || !agreementPossible())) {
            finishRound();
        }
    }

    /** Whether these replicas, answering alike, would decide the read: enough of each list. */
    private boolean enough(Collection<String> nodes) {
        return sets.reaches(nodes, readQuorum) && (!majorityAgreement || sets.hasMajority(nodes));
    }

    /** The highest accepted ballot whose answers are enough to decide, or null. */
    private Ballot agreedBallot() {
        return answersByBallot().entrySet().stream().filter(e -> enough(e.getValue())).map(Map.Entry::getKey)
                .max(Ballot::compareTo).orElse(null);
    }

    /** Whether the replicas yet to answer could still make some ballot's answers enough. */
    private boolean agreementPossible() {
        List<String> outstanding = without(replicas, answers.keySet());
        return enough(outstanding) || answersByBallot().values().stream().anyMatch(nodes -> {
            List<String> could = new ArrayList<>(nodes);
            could.addAll(outstanding);
            return enough(could);
        });
    }

    /** Which replicas report each accepted ballot. */
    private Map<Ballot, List<String>> answersByBallot() {
        Map<Ballot, List<String>> byBallot = new LinkedHashMap<>();
        answers.values().forEach(a -> byBallot.computeIfAbsent(a.accepted(), b -> new ArrayList<>()).add(a.from()));
        return byBallot;
    }

    /** Started from the scheduler thread, so this operation's lock is never held while the round's is taken. */
    private void finishRound() {
        step = Step.FINISHING_ROUND;
        ctx.events().readFinishedRound();
        ctx.scheduler().schedule(() -> round.get().whenComplete((response, error) -> {
            synchronized (this) {
                step = Step.DONE;
                if (!isDone()) {
                    finish(response != null ? response : ClientResponse.unavailable("read round failed: " + error));
                }
            }
        }), 0);
    }

    /** Dynamo's read repair, by the acceptor rules: a replica behind the chosen ballot gets a late copy. */
    private void repairIfBehind(ReadReply read) {
        if (read.accepted().isBefore(chosen) && !chosenVersions.isEmpty()) {
            ctx.send(read.from(), new WriteRequest(id, ctx.self(), key, chosenVersions, null, chosen));
        }
    }

    private static ClientResponse answer(Versioned current) {
        return current == null || current.isTombstone() ? ClientResponse.notFound()
                : ClientResponse.found(List.of(current));
    }

    @Override
    public Collection<String> awaited() {
        return step == Step.READING ? without(askedAt.keySet(), answers.keySet()) : List.of();
    }

    @Override
    protected String describeProgress() {
        return step == Step.READING ? answers.size() + " of " + readQuorum + " reads, no agreement yet"
                : "finishing the round of a disagreeing read";
    }
}
