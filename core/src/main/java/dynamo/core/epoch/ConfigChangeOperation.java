package dynamo.core.epoch;

import dynamo.core.message.ClientResponse;
import dynamo.core.message.Message;
import dynamo.core.message.Message.ConfigAccept;
import dynamo.core.message.Message.ConfigAccepted;
import dynamo.core.message.Message.ConfigPrepare;
import dynamo.core.message.Message.ConfigPromise;
import dynamo.core.operation.CoordinatedOperation;
import dynamo.core.operation.OperationContext;
import dynamo.core.operation.Quorum;
import dynamo.core.version.Ballot;
import dynamo.core.version.BallotsNotReserved;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One compare-and-set of the ring register, from the epoch before {@code next} to {@code next}: a
 * CASPaxos round (prepare, then accept) among every member of the config this node knows, majority
 * quorums. The value accepted is the change function applied to the register's current value: the
 * next config if the register is at the epoch before it, else the current value unchanged (which
 * the round makes chosen all the same, as CASPaxos does, and the proposer answers REJECTED: one
 * change at a time). Once a majority accepted, {@code onChosen} installs it here and tells every
 * member. A prepare refused by too many acceptors is tried once more with a ballot above the
 * promises it met (another node's clock may be ahead); after that the caller decides (503).
 *
 * <p>Safety: a change counts as installed only once a majority of every range's replica set, old
 * and new, has stored it. From then on a coordinator still on the old ring needs a quorum that meets
 * at least one replica at the new epoch, which refuses it ({@link EpochFence}), so it cannot complete.
 * This round only makes the change chosen and pushes it; the count of who stored it is not kept yet
 * (see the README's membership section), which is safe while a change keeps every replica set.
 */
public final class ConfigChangeOperation extends CoordinatedOperation {
    private enum Step { PREPARING, ACCEPTING, DONE }

    private final RingConfig known;
    private final RingConfig next;
    private final List<String> acceptors;
    private final int majority;
    private final Consumer<RingConfig> onChosen;
    private final Map<String, ConfigPromise> promises = new LinkedHashMap<>();
    private final Set<String> acks = new HashSet<>();
    private final Set<String> refused = new HashSet<>();
    private Step step = Step.PREPARING;
    private Ballot ballot;
    private Ballot highestSeen = Ballot.ZERO;
    private boolean retried;
    private RingConfig proposed;

    public ConfigChangeOperation(long id, OperationContext ctx, RingConfig known, RingConfig next,
            Consumer<RingConfig> onChosen) {
        super(id, ctx);
        this.known = known;
        this.next = next;
        this.acceptors = known.members();
        this.majority = Quorum.majority(acceptors.size());
        this.onChosen = onChosen;
    }

    @Override
    public void start() {
        prepare();
    }

    private void prepare() {
        promises.clear();
        refused.clear();
        try {
            ballot = ctx.nextBallot(highestSeen);
        } catch (BallotsNotReserved e) {
            ballot = null; // answers to the last round no longer count
            prepareAgainSoon();
            return;
        }
        ConfigPrepare prepare = new ConfigPrepare(id, ctx.self(), ballot);
        acceptors.forEach(a -> ctx.send(a, prepare));
    }

    /** The ballot's reservation is being saved: asks again shortly, on the scheduler; the deadline ends it. */
    private void prepareAgainSoon() {
        ctx.scheduler().schedule(() -> {
            synchronized (this) {
                if (!isDone()) {
                    prepare();
                }
            }
        }, ctx.deadlines().ballotRetryMillis());
    }

    @Override
    public void onReply(Message reply) {
        if (!acceptors.contains(reply.from()) || isDone()) {
            return;
        }
        if (reply instanceof ConfigPromise p && step == Step.PREPARING && p.ballot().equals(ballot)) {
            onPromise(p);
        } else if (reply instanceof ConfigAccepted a && step == Step.ACCEPTING && a.ballot().equals(ballot)) {
            onAccepted(a);
        }
    }

    private void onPromise(ConfigPromise p) {
        highestSeen = Ballot.max(highestSeen, Ballot.max(p.promised(), p.accepted()));
        if (!p.ok()) {
            refuse(p.from());
            return;
        }
        promises.put(p.from(), p);
        if (promises.size() < majority) {
            return;
        }
        ConfigPromise highest = promises.values().stream().filter(x -> x.value() != null)
                .max((a, b) -> a.accepted().compareTo(b.accepted())).orElse(null);
        RingConfig accepted = highest == null ? null : RingConfigCodec.decode(highest.value());
        proposed = ConfigRegister.change(ConfigRegister.current(accepted, known), next);
        step = Step.ACCEPTING;
        refused.clear();
        ConfigAccept accept = new ConfigAccept(id, ctx.self(), ballot, RingConfigCodec.encode(proposed));
        acceptors.forEach(a -> ctx.send(a, accept));
    }

    private void onAccepted(ConfigAccepted a) {
        if (!a.ok()) {
            refuse(a.from());
            return;
        }
        acks.add(a.from());
        if (acks.size() >= majority) {
            step = Step.DONE;
            onChosen.accept(proposed);
            finish(proposed.equals(next)
                    ? new ClientResponse(ClientResponse.Status.WRITTEN, List.of(), "ring epoch " + next.epoch())
                    : new ClientResponse(ClientResponse.Status.REJECTED, List.of(), "the ring is at epoch "
                            + proposed.epoch() + ", not " + (next.epoch() - 1) + ": one change at a time"));
        }
    }

    private void refuse(String acceptor) {
        refused.add(acceptor);
        if (refused.size() > acceptors.size() - majority) {
            if (step == Step.PREPARING && !retried) {
                retried = true;
                prepare();
                return;
            }
            step = Step.DONE;
            finish(ClientResponse.unavailable("a competing ring change holds a higher ballot; retry"));
        }
    }

    @Override
    public Collection<String> awaited() {
        return switch (step) {
            case PREPARING -> without(acceptors, union(promises.keySet(), refused));
            case ACCEPTING -> without(acceptors, union(acks, refused));
            case DONE -> List.of();
        };
    }

    @Override
    protected String describeProgress() {
        return "ring change to epoch " + next.epoch() + ": " + promises.size() + " promises, " + acks.size()
                + " accepts of " + majority;
    }
}
