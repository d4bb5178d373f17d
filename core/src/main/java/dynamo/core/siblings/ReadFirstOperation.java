package dynamo.core.siblings;

import dynamo.core.message.Message.ReadRequest;
import dynamo.core.operation.CoordinatedOperation;
import dynamo.core.operation.OperationContext;
import dynamo.core.version.Versioned;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What gets and puts share: both first read every replica's versions of the key, then write. */
abstract class ReadFirstOperation extends CoordinatedOperation {
    /** Where this operation stands; DONE once answered (late replies may still repair). */
    enum Step { READING, WRITING, DONE }

    private Step step = Step.READING;

    protected final byte[] key;
    protected final List<String> replicas;
    protected final Map<String, List<Versioned>> answers = new LinkedHashMap<>();
    /** The replicas known to hold what this operation writes: those that acknowledged it, and for a get those that already did. */
    protected final Set<String> holders = new HashSet<>();

    ReadFirstOperation(long id, OperationContext ctx, byte[] key, List<String> replicas) {
        super(id, ctx);
        this.key = key;
        this.replicas = replicas;
    }

    @Override
    public void start() {
        step = Step.READING;
        replicas.forEach(r -> ctx.send(r, new ReadRequest(id, ctx.self(), key)));
    }

    /** The reads are over: from now on the replicas' write replies count. */
    protected void startWriting() {
        step = Step.WRITING;
    }

    @Override
    public Collection<String> awaited() {
        return step() == Step.READING ? without(replicas, answers.keySet()) : without(replicas, holders);
    }

    /** Where this operation stands: DONE once answered. */
    Step step() {
        return isDone() ? Step.DONE : step;
    }
}
