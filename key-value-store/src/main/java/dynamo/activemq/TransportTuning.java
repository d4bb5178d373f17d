package dynamo.activemq;

import java.time.Duration;

/**
 * Knobs of {@link ActiveMqTransport}.
 *
 * @param handlerThreads       how many incoming messages the node handles at once (the handler pool)
 * @param timeToLive           after this a message nobody consumed is discarded (replies that late are useless)
 * @param peerQueueCapacity    messages waiting for one peer's sender before new ones are dropped
 * @param connectTimeout       how long a sender waits for a peer's broker to accept a connection
 * @param reconnectDelay       the least time between two connect attempts to one peer (doubles up to 2x)
 * @param handlerQueueCapacity received messages waiting for a handler thread before new ones are dropped
 * @param batchMessages        at most this many queued messages leave for a peer in one JMS message
 * @param batchBytes           a batch takes no further message once it holds this many bytes
 */
public record TransportTuning(int handlerThreads, Duration timeToLive, int peerQueueCapacity,
                              Duration connectTimeout, Duration reconnectDelay,
                              int handlerQueueCapacity, int batchMessages, int batchBytes) {

    public TransportTuning {
        if (handlerThreads < 1 || peerQueueCapacity < 1 || handlerQueueCapacity < 1 || batchBytes < 1) {
            throw new IllegalArgumentException("thread counts, capacities and batch bytes must be positive");
        }
        if (batchMessages < 1 || batchMessages > MessageCodec.MAX_FRAME_MESSAGES) {
            throw new IllegalArgumentException("batchMessages must be within 1.." + MessageCodec.MAX_FRAME_MESSAGES);
        }
    }

    /** The first five knobs; handler queue and batches at their defaults. */
    public TransportTuning(int handlerThreads, Duration timeToLive, int peerQueueCapacity,
                           Duration connectTimeout, Duration reconnectDelay) {
        this(handlerThreads, timeToLive, peerQueueCapacity, connectTimeout, reconnectDelay, 16_384, 256, 256 * 1024);
    }

    public static TransportTuning defaults() {
        // Messages expire 3 s after they were sent, by the sender's clock (hosts' clocks are assumed to
        // agree within a small part of that, as for forwarded deadlines): what queued up in a paused
        // node is dropped on resume instead of being worked off ahead of fresh requests; nothing
        // older than a request deadline (2 s) is of use anyway.
        return new TransportTuning(4, Duration.ofSeconds(3), 4096, Duration.ofMillis(500), Duration.ofMillis(200));
    }
}
