package dynamo.client.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.UnsupportedSchemeException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.RequestNotExecutedException;

/**
 * A request that got no answer. {@link #sent()} tells the two cases apart that matter for writes:
 * false when the request cannot have reached the node (no connection could be made or leased), true
 * when it may have (a timeout or a broken connection after it went out).
 */
public final class SendFailure extends IOException {
    private static final long serialVersionUID = 1L;
    private final boolean sent;

    public SendFailure(String message, Throwable cause, boolean sent) {
        super(message + ": " + cause, cause);
        this.sent = sent;
    }

    public boolean sent() {
        return sent;
    }

    /** Classifies what the HTTP client threw while sending to {@code url}. */
    public static SendFailure of(String url, Throwable thrown) {
        Throwable cause = unwrap(thrown);
        if (cause instanceof SendFailure failure) {
            return failure;
        }
        return new SendFailure(url, cause, !neverSent(cause));
    }

    private static boolean neverSent(Throwable cause) {
        return cause instanceof ConnectException // refused; HttpHostConnectException is one
                || cause instanceof ConnectTimeoutException
                || cause instanceof NoRouteToHostException
                || cause instanceof UnknownHostException
                || cause instanceof UnsupportedSchemeException
                || cause instanceof ConnectionRequestTimeoutException // no connection free in the pool
                || cause instanceof RequestNotExecutedException;
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable cause = thrown;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
