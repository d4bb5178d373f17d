package dynamo.client.call;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.client.GetResult;
import dynamo.client.InvalidRequestException;
import dynamo.client.OutcomeUnknownException;
import dynamo.client.UnavailableException;
import dynamo.client.WriteResult;
import dynamo.client.http.ApiRequest;
import dynamo.client.http.Reply;
import dynamo.client.http.SendFailure;
import dynamo.client.routing.Target;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The calls' transitions, without HTTP. */
class CallsTest {
    private static final Target A = new Target("a", URI.create("http://127.0.0.1:1"));
    private static final Target B = new Target("b", URI.create("http://127.0.0.1:2"));
    private static final Target C = new Target("c", URI.create("http://127.0.0.1:3"));
    private static final SendFailure REFUSED = new SendFailure("a", new ConnectException("refused"), false);
    private static final SendFailure TIMED_OUT = new SendFailure("a", new SocketTimeoutException("read timed out"), true);

    private static Reply reply(int status, String body) {
        return new Reply(status, body.getBytes(StandardCharsets.UTF_8), null, null);
    }

    private static ReadCall read() {
        return new ReadCall(ApiRequest.get(new byte[] {1}, null), List.of(A, B, C));
    }

    private static WriteCall write() {
        return new WriteCall(ApiRequest.put(new byte[] {1}, new byte[] {2}, null, null), List.of(A, B, C));
    }

    private static <T> Target sendsTo(Step<T> step) {
        assertThat(step).isInstanceOf(Step.Send.class);
        return ((Step.Send<T>) step).target();
    }

    private static <T> Throwable failure(Step<T> step) {
        assertThat(step).isInstanceOf(Step.Failed.class);
        return ((Step.Failed<T>) step).failure();
    }

    @Test
    void aReadRetriesOnceAfterAFailureOfAnyKind() {
        ReadCall call = read();
        assertThat(sendsTo(call.start())).isEqualTo(A);
        assertThat(sendsTo(call.onReply(A, reply(503, "{\"error\":\"x\"}")))).isEqualTo(B);
        assertThat(call.phase()).isEqualTo(ReadCall.Phase.RETRY);
        assertThat(failure(call.onFailure(B, TIMED_OUT))).isInstanceOf(UnavailableException.class);
        assertThat(call.phase()).isEqualTo(ReadCall.Phase.DONE);
    }

    @Test
    void refusedConnectionsDoNotUseUpTheReadsRetry() {
        ReadCall call = read();
        call.start();
        assertThat(sendsTo(call.onFailure(A, REFUSED))).isEqualTo(B);
        assertThat(call.phase()).isEqualTo(ReadCall.Phase.FIRST);
        assertThat(sendsTo(call.onFailure(B, TIMED_OUT))).isEqualTo(C);
        Step<GetResult> done = call.onReply(C, new Reply(404, new byte[0], "c", null));
        assertThat(((Step.Done<GetResult>) done).result().found()).isFalse();
    }

    @Test
    void aReadOfAnInvalidRequestEndsAtOnce() {
        ReadCall call = read();
        call.start();
        assertThat(failure(call.onReply(A, reply(400, "{\"error\":\"bad key\"}"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("bad key");
    }

    @Test
    void aWriteMovesOnOnlyWhileNeverSent() {
        WriteCall call = write();
        call.start();
        assertThat(sendsTo(call.onFailure(A, REFUSED))).isEqualTo(B);
        assertThat(call.phase()).isEqualTo(WriteCall.Phase.CONNECTING);
        assertThat(failure(call.onFailure(B, TIMED_OUT))).isInstanceOf(OutcomeUnknownException.class);
        assertThat(call.phase()).isEqualTo(WriteCall.Phase.DONE);
    }

    @Test
    void everyAnswerOfAWriteIsFinal() {
        for (int status : new int[] {500, 502, 503, 404}) {
            WriteCall call = write();
            call.start();
            assertThat(failure(call.onReply(A, reply(status, "{}")))).as("status %d", status)
                    .isInstanceOf(OutcomeUnknownException.class);
        }
        WriteCall call = write();
        call.start();
        Step<WriteResult> rejected = call.onReply(A, reply(200, "{\"success\":false}"));
        assertThat(((Step.Done<WriteResult>) rejected).result().rejected()).isTrue();
    }

    @Test
    void aWriteNoNodeAcceptedIsUnavailable() {
        WriteCall call = write();
        call.start();
        call.onFailure(A, REFUSED);
        call.onFailure(B, REFUSED);
        assertThat(failure(call.onFailure(C, REFUSED))).isInstanceOf(UnavailableException.class);
    }

    @Test
    void sendFailuresAreClassifiedBySentOrNot() {
        assertThat(SendFailure.of("u", new ConnectException("refused")).sent()).isFalse();
        assertThat(SendFailure.of("u", new org.apache.hc.client5.http.ConnectTimeoutException("connect")).sent()).isFalse();
        assertThat(SendFailure.of("u", new org.apache.hc.core5.http.ConnectionRequestTimeoutException("pool")).sent()).isFalse();
        assertThat(SendFailure.of("u", new SocketTimeoutException("read")).sent()).isTrue();
        assertThat(SendFailure.of("u", new org.apache.hc.core5.http.NoHttpResponseException("closed")).sent()).isTrue();
        assertThat(SendFailure.of("u", new java.util.concurrent.CompletionException(new ConnectException("x"))).sent()).isFalse();
        assertThat(SendFailure.of("u", new IOException("reset")).sent()).isTrue();
    }
}
