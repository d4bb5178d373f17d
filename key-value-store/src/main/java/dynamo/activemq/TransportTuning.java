package dynamo.activemq;

import java.time.Duration;

/**
 * Knobs of {@link ActiveMqTransport}.
 *
 * @param consumerThreads   how many incoming messages the node handles at once
 * @param timeToLive        after this a message nobody consumed is discarded (replies that late are useless)
 * @param peerQueueCapacity messages waiting for one peer's sender before new ones are dropped
 * @param connectTimeout    how long a sender waits for a peer's broker to accept a connection
 * @param reconnectDelay    the least time between two connect attempts to one peer (doubles up to 5x)
 */
public record TransportTuning(int consumerThreads, Duration timeToLive, int peerQueueCapacity,
                              Duration connectTimeout, Duration reconnectDelay) {

    public TransportTuning {
        if (consumerThreads < 1 || peerQueueCapacity < 1) {
            throw new IllegalArgumentException("consumerThreads and peerQueueCapacity must be positive");
        }
    }

    public static TransportTuning defaults() {
        return new TransportTuning(4, Duration.ofSeconds(5), 4096, Duration.ofMillis(500), Duration.ofMillis(200));
    }
}
