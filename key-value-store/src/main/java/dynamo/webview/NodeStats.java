package dynamo.webview;

import java.util.List;

/**
 * What {@code GET /cluster/stats} answers: this node's own numbers. {@code hintsPending} counts the
 * hints it holds for other nodes, {@code hintsFor} names those nodes; {@code samples} are its request
 * samples, oldest first, one per {@code intervalMillis}.
 */
record NodeStats(String node, long hintsPending, List<String> hintsFor, int requestsInFlight, long intervalMillis,
        List<RequestSample> samples) {
}
