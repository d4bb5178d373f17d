package dynamo.client.call;

import dynamo.client.GetResult;
import dynamo.client.InvalidRequestException;
import dynamo.client.UnavailableException;
import dynamo.client.http.ApiJson;
import dynamo.client.http.ApiRequest;
import dynamo.client.http.Reply;
import dynamo.client.http.SendFailure;
import dynamo.client.routing.Target;
import java.io.IOException;
import java.util.List;

/**
 * A get. Phases: {@code FIRST} (the first node that accepts a connection) and {@code RETRY}: a
 * node that answered 503 (or another 5xx, or garbage) or broke or timed out is replaced by the next
 * node once. A node that refused the connection never saw the request and is skipped in either
 * phase. 200 and 404 finish it; 400, 413 and 401/403 (no or a wrong token) fail it as invalid (another
 * node would say the same).
 */
public final class ReadCall extends NodeCall<GetResult, ReadCall.Phase> {
    public enum Phase { FIRST, RETRY, DONE }

    public ReadCall(ApiRequest request, List<Target> candidates) {
        super(request, candidates, Phase.FIRST);
    }

    @Override
    public Step<GetResult> onReply(Target target, Reply reply) {
        switch (reply.status()) {
            case 200, 404 -> {
                try {
                    return finish(result(target, reply));
                } catch (IOException | IllegalArgumentException e) {
                    return retryOrFail(target + " answered an unreadable body: " + e.getMessage(), e);
                }
            }
            case 400, 401, 403, 413 -> {
                enter(Phase.DONE);
                return failed(new InvalidRequestException(reply.status(), ApiJson.errorMessage(reply.body())));
            }
            default -> {
                return retryOrFail(target + " answered " + reply.status() + ": " + ApiJson.errorMessage(reply.body()), null);
            }
        }
    }

    @Override
    public Step<GetResult> onFailure(Target target, SendFailure failure) {
        if (!failure.sent()) {
            Step<GetResult> next = nextOr(unavailable("no node could be reached; last: " + failure.getMessage(), failure));
            if (next instanceof Step.Failed) {
                enter(Phase.DONE);
            }
            return next;
        }
        return retryOrFail(target + " did not answer: " + failure.getMessage(), failure);
    }

    private Step<GetResult> retryOrFail(String why, Exception cause) {
        if (phase() == Phase.FIRST && hasNext()) {
            enter(Phase.RETRY);
            return nextOr(null);
        }
        enter(Phase.DONE);
        return failed(unavailable(why, cause));
    }

    private Step<GetResult> finish(GetResult result) {
        enter(Phase.DONE);
        return done(result);
    }

    private static UnavailableException unavailable(String why, Exception cause) {
        return new UnavailableException("get failed: " + why, cause);
    }

    private static GetResult result(Target target, Reply reply) throws IOException {
        String node = nodeName(target, reply);
        if (reply.status() == 404) {
            return new GetResult(false, "", List.of(), node);
        }
        ApiJson.KeyBody body = ApiJson.keyBody(reply.body());
        List<byte[]> values = ApiJson.values(body);
        return new GetResult(!values.isEmpty(), ApiJson.version(body), values, node);
    }
}
