package dynamo.core.siblings;

import dynamo.core.message.ClientResponse;
import dynamo.core.message.Message;
import dynamo.core.message.Message.ReadReply;
import dynamo.core.message.Message.WriteReply;
import dynamo.core.message.Message.WriteRequest;
import dynamo.core.operation.OperationContext;
import dynamo.core.operation.Quorum;
import dynamo.core.version.VersionResolver;
import dynamo.core.version.Versioned;
import java.util.List;

/**
 * A quorum read (ABD's read). Asks every replica, takes the newest versions of the first R answers,
 * and if those answers disagree, writes the newest back until W replicas hold it before replying:
 * that write-back is what makes a later read unable to see an older value.
 */
public final class GetOperation extends ReadFirstOperation {
    private final int readQuorum;
    private List<Versioned> newest;

    public GetOperation(long id, OperationContext ctx, byte[] key, List<String> replicas, int readQuorum) {
        super(id, ctx, key, replicas);
        this.readQuorum = readQuorum;
    }

    @Override
    public void onReply(Message reply) {
        if (reply instanceof ReadReply read && replicas.contains(read.from())) {
            onRead(read);
        } else if (reply instanceof WriteReply ack && step() == Step.WRITING && replicas.contains(ack.from())) {
            holders.add(ack.from());
            finishIfWrittenBack();
        }
    }

    private void onRead(ReadReply read) {
        answers.put(read.from(), read.versions());
        switch (step()) {
            case READING -> {
                if (Quorum.reached(answers.size(), readQuorum)) {
                    decide();
                }
            }
            case WRITING -> {
                if (VersionResolver.sameVersions(read.versions(), newest)) {
                    holders.add(read.from());
                    finishIfWrittenBack();
                }
            }
            case DONE -> repairIfStale(read);
        }
    }

    private void decide() {
        newest = ctx.resolver().newest(answers.values());
        answers.forEach((node, versions) -> {
            if (VersionResolver.sameVersions(versions, newest)) {
                holders.add(node);
            }
        });
        if (holders.size() == answers.size()) {
            finish(response());
            return;
        }
        startWriting();
        for (String replica : without(replicas, holders)) {
            ctx.send(replica, new WriteRequest(id, ctx.self(), key, newest, null));
        }
        finishIfWrittenBack(); // the agreeing answers may already be a write quorum
    }

    private void finishIfWrittenBack() {
        if (Quorum.reached(holders.size(), Math.min(ctx.defaults().w(), replicas.size()))) {
            finish(response());
        }
    }

    /** Dynamo's read repair: a replica that answered late with older versions gets the newest. */
    private void repairIfStale(ReadReply read) {
        boolean older = newest != null && !VersionResolver.sameVersions(
                ctx.resolver().reconcile(read.versions(), newest), read.versions());
        if (older) {
            ctx.send(read.from(), new WriteRequest(id, ctx.self(), key, newest, null));
        }
    }

    private ClientResponse response() {
        List<Versioned> live = newest.stream().filter(v -> !v.isTombstone()).toList();
        return live.isEmpty() ? ClientResponse.notFound() : ClientResponse.found(live);
    }

    /** While reading: the replicas that seem down, if the others cannot make R answers. */
    @Override
    protected List<String> unreachableQuorum() {
        return step() == Step.READING
                ? downAndNeeded(replicas, answers.keySet(), nodes -> Quorum.reached(nodes.size(), readQuorum))
                : List.of();
    }

    @Override
    protected String describeProgress() {
        return step() == Step.READING
                ? answers.size() + " of " + readQuorum + " reads"
                : holders.size() + " of " + ctx.defaults().w() + " write-backs";
    }
}
