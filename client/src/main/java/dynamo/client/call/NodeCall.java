package dynamo.client.call;

import dynamo.client.DynamoException;
import dynamo.client.http.ApiRequest;
import dynamo.client.http.Reply;
import dynamo.client.http.SendFailure;
import dynamo.client.routing.Target;
import java.util.List;

/**
 * One operation's request, the nodes it may go to (in the router's order) and its phase (of type
 * {@code P}). Subclasses decide, per answer or failure, whether to finish or to move on to the
 * next node.
 */
public abstract class NodeCall<T, P extends Enum<P>> {
    private final ApiRequest request;
    private final List<Target> candidates;
    private int next;
    private P phase;

    protected NodeCall(ApiRequest request, List<Target> candidates, P initial) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no node to send to");
        }
        this.request = request;
        this.candidates = candidates;
        this.phase = initial;
    }

    public P phase() {
        return phase;
    }

    protected final void enter(P next) {
        phase = next;
    }

    public ApiRequest request() {
        return request;
    }

    public Step<T> start() {
        return nextOr(null);
    }

    public abstract Step<T> onReply(Target target, Reply reply);

    public abstract Step<T> onFailure(Target target, SendFailure failure);

    /** Sends to the next candidate; without one, fails with what {@code exhausted} makes of it. */
    protected final Step<T> nextOr(DynamoException exhausted) {
        if (next < candidates.size()) {
            return new Step.Send<>(candidates.get(next++));
        }
        return new Step.Failed<>(exhausted);
    }

    protected final boolean hasNext() {
        return next < candidates.size();
    }

    protected static <T> Step<T> done(T result) {
        return new Step.Done<>(result);
    }

    protected static <T> Step<T> failed(DynamoException failure) {
        return new Step.Failed<>(failure);
    }

    /** The node's id as it named itself, else as the router knew it, else its URL. */
    protected static String nodeName(Target target, Reply reply) {
        if (reply != null && reply.node() != null) {
            return reply.node();
        }
        return target.id() != null ? target.id() : target.url().toString();
    }
}
