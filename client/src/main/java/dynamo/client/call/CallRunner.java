package dynamo.client.call;

import dynamo.client.http.HttpExchange;
import dynamo.client.http.Reply;
import dynamo.client.http.SendFailure;
import dynamo.client.routing.Router;
import dynamo.client.routing.Target;
import java.util.concurrent.CompletableFuture;

/**
 * Drives calls: {@link #run} on the caller's thread with blocking sends, {@link #runAsync} with
 * HttpClient's async sends (the next step runs on its I/O thread, as do the callers' dependent
 * stages, which must therefore not block). Every answer and failure is also told to the router.
 */
public final class CallRunner {
    private final HttpExchange http;
    private final Router router;

    public CallRunner(HttpExchange http, Router router) {
        this.http = http;
        this.router = router;
    }

    public <T> T run(NodeCall<T, ?> call) {
        Step<T> step = call.start();
        while (step instanceof Step.Send<T> send) {
            Target target = send.target();
            try {
                Reply reply = http.send(target.url(), call.request());
                router.answered(target, reply.ringEpoch());
                step = call.onReply(target, reply);
            } catch (SendFailure failure) {
                router.unreachable(target);
                step = call.onFailure(target, failure);
            }
        }
        if (step instanceof Step.Done<T> done) {
            return done.result();
        }
        throw ((Step.Failed<T>) step).failure();
    }

    public <T> CompletableFuture<T> runAsync(NodeCall<T, ?> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        advance(call, call.start(), result);
        return result;
    }

    private <T> void advance(NodeCall<T, ?> call, Step<T> step, CompletableFuture<T> result) {
        if (step instanceof Step.Done<T> done) {
            result.complete(done.result());
        } else if (step instanceof Step.Failed<T> failed) {
            result.completeExceptionally(failed.failure());
        } else {
            Target target = ((Step.Send<T>) step).target();
            http.sendAsync(target.url(), call.request()).whenComplete((reply, error) -> {
                Step<T> next;
                try {
                    if (error == null) {
                        router.answered(target, reply.ringEpoch());
                        next = call.onReply(target, reply);
                    } else {
                        router.unreachable(target);
                        next = call.onFailure(target, SendFailure.of(target.url().toString(), error));
                    }
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                    return;
                }
                advance(call, next, result);
            });
        }
    }
}
