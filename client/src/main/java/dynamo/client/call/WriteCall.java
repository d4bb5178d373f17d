package dynamo.client.call;

import dynamo.client.InvalidRequestException;
import dynamo.client.OutcomeUnknownException;
import dynamo.client.UnavailableException;
import dynamo.client.WriteResult;
import dynamo.client.http.ApiJson;
import dynamo.client.http.ApiRequest;
import dynamo.client.http.Reply;
import dynamo.client.http.SendFailure;
import dynamo.client.routing.Target;
import java.io.IOException;
import java.util.List;

/**
 * A put, conditional put or delete. It moves to the next node only while its request cannot have
 * reached any (connection refused or not opened in time); once a node may have seen it, whatever
 * comes back is final: 200 with {@code success} true (written) or false (rejected: definitely not
 * applied), 400/413 invalid, 401/403 unauthorized (refused, so not applied either), and a 503, another status, a timeout or a broken connection an
 * {@link OutcomeUnknownException}: never replayed.
 */
public final class WriteCall extends NodeCall<WriteResult, WriteCall.Phase> {
    public enum Phase { CONNECTING, DONE }

    public WriteCall(ApiRequest request, List<Target> candidates) {
        super(request, candidates, Phase.CONNECTING);
    }

    @Override
    public Step<WriteResult> onReply(Target target, Reply reply) {
        enter(Phase.DONE);
        if (reply.status() == 200) {
            try {
                ApiJson.PutAnswer answer = ApiJson.putAnswer(reply.body());
                return done(new WriteResult(answer.success(), answer.version(), nodeName(target, reply)));
            } catch (IOException e) {
                return failed(new OutcomeUnknownException("write outcome unknown: " + target
                        + " answered an unreadable body", e));
            }
        }
        if (reply.status() == 400 || reply.status() == 401 || reply.status() == 403 || reply.status() == 413) {
            return failed(new InvalidRequestException(reply.status(), ApiJson.errorMessage(reply.body())));
        }
        return failed(new OutcomeUnknownException("write outcome unknown: " + target + " answered " + reply.status()
                + ": " + ApiJson.errorMessage(reply.body()), null));
    }

    @Override
    public Step<WriteResult> onFailure(Target target, SendFailure failure) {
        if (!failure.sent()) {
            Step<WriteResult> next = nextOr(new UnavailableException(
                    "write not applied: no node could be reached; last: " + failure.getMessage(), failure));
            if (next instanceof Step.Failed) {
                enter(Phase.DONE);
            }
            return next;
        }
        enter(Phase.DONE);
        return failed(new OutcomeUnknownException("write outcome unknown: " + target + " did not answer after the "
                + "request was sent: " + failure.getMessage(), failure));
    }
}
