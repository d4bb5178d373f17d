package dynamo.core.antientropy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a peer's answer on the anti-entropy thread: a missing answer is null, not an error. */
final class Answers {
    /** Extra wait beyond the request deadline, in case the timer that fails the request has stopped. */
    private static final long SLACK_MILLIS = 1_000;

    private Answers() {
    }

    static <T> T await(CompletableFuture<T> answer, long deadlineMillis) throws InterruptedException {
        try {
            return answer.get(deadlineMillis + SLACK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }
}
