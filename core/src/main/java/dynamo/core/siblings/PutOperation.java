package dynamo.core.siblings;

import dynamo.core.handoff.HintSender;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.Message;
import dynamo.core.message.Message.ReadReply;
import dynamo.core.message.Message.WriteReply;
import dynamo.core.message.Message.WriteRequest;
import dynamo.core.operation.OperationContext;
import dynamo.core.operation.Quorum;
import dynamo.core.version.Ballot;
import dynamo.core.version.Version;
import dynamo.core.version.VersionResolver;
import dynamo.core.version.Versioned;
import dynamo.core.version.WriteTag;
import java.util.ArrayList;
import java.util.List;

/**
 * A quorum write (ABD's write), also for deletes (null value) and conditional puts. Reads the
 * replicas' versions from an R quorum, checks {@code fromVersion} against the newest, then writes a
 * version whose tag follows every tag seen and whose clock descends from every clock seen, and
 * succeeds once W replicas of the preference list acknowledge it. Replicas the failure detector
 * suspects also get the write as a hint, kept by a stand-in node; hints never count toward W.
 */
public final class PutOperation extends ReadFirstOperation {
    private final byte[] value;
    private final Version fromVersion;
    private final List<String> standIns;
    private final int writeQuorum;
    private Versioned written;

    /**
     * @param standIns nodes after the preference list on the ring, in order: where hints go
     */
    public PutOperation(long id, OperationContext ctx, byte[] key, byte[] value, Version fromVersion,
            List<String> replicas, List<String> standIns, int writeQuorum) {
        super(id, ctx, key, replicas);
        this.value = value;
        this.fromVersion = fromVersion;
        this.standIns = standIns;
        this.writeQuorum = writeQuorum;
    }

    @Override
    public void onReply(Message reply) {
        if (reply instanceof ReadReply read && step() == Step.READING && replicas.contains(read.from())) {
            answers.put(read.from(), read.versions());
            if (Quorum.reached(answers.size(), Math.min(ctx.defaults().r(), replicas.size()))) {
                write();
            }
        } else if (reply instanceof WriteReply ack && step() == Step.WRITING && replicas.contains(ack.from())) {
            holders.add(ack.from());
            if (Quorum.reached(holders.size(), writeQuorum)) {
                finish(ClientResponse.written(written));
            }
        }
    }

    private void write() {
        List<Versioned> current = ctx.resolver().newest(answers.values());
        if (fromVersion != null && !ctx.resolver().covers(fromVersion, current)) {
            finish(ClientResponse.rejected());
            return;
        }
        written = new Versioned(value, nextVersion(current));
        startWriting();
        List<Versioned> payload = List.of(written);
        replicas.forEach(r -> ctx.send(r, new WriteRequest(id, ctx.self(), key, payload, null)));
        HintSender.send(ctx, id, key, payload, replicas, standIns, Ballot.ZERO);
    }

    private Version nextVersion(List<Versioned> current) {
        List<Versioned> seen = new ArrayList<>();
        answers.values().forEach(seen::addAll);
        var clock = VersionResolver.mergedClock(seen);
        if (fromVersion != null) {
            clock = clock.merge(fromVersion.clock());
        }
        long now = ctx.scheduler().nowMillis();
        WriteTag tag = WriteTag.after(VersionResolver.highestTag(seen), ctx.self(), ctx.nextWriteSequence());
        return new Version(clock.increment(ctx.self(), now), tag);
    }

    /** The replicas that seem down, if the others cannot make the step's quorum (R reads, then W acks). */
    @Override
    protected List<String> unreachableQuorum() {
        return switch (step()) {
            case READING -> downAndNeeded(replicas, answers.keySet(),
                    nodes -> Quorum.reached(nodes.size(), Math.min(ctx.defaults().r(), replicas.size())));
            case WRITING -> downAndNeeded(replicas, holders, nodes -> Quorum.reached(nodes.size(), writeQuorum));
            case DONE -> List.of();
        };
    }

    @Override
    protected String describeProgress() {
        return step() == Step.READING
                ? answers.size() + " of " + ctx.defaults().r() + " version reads"
                : holders.size() + " of " + writeQuorum + " write acks";
    }
}
