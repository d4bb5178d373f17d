package dynamo.client.http;

import java.time.Duration;

/**
 * Timeouts and pool size of the HTTP client. {@code connect}: to open a connection (and to wait for
 * one from the pool); {@code response}: for a get's or a put's answer (longer than the store's own
 * request deadline, 2 s by default, so that its 503 arrives first); {@code scan}: between two reads
 * of a streamed scan; {@code maxConnections}: pooled connections in all (and to each node).
 */
public record HttpSettings(Duration connect, Duration response, Duration scan, int maxConnections) {
    public static final HttpSettings DEFAULTS =
            new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(60), 64);

    public HttpSettings {
        if (connect.isNegative() || connect.isZero() || response.isNegative() || response.isZero()
                || scan.isNegative() || scan.isZero() || maxConnections < 1) {
            throw new IllegalArgumentException("timeouts must be positive and the pool hold a connection: " + connect
                    + ", " + response + ", " + scan + ", " + maxConnections);
        }
    }
}
