package dynamo.core.epoch;

import dynamo.core.message.ClientResponse;
import dynamo.core.message.Message;
import dynamo.core.message.Message.Accept;
import dynamo.core.message.Message.BucketRequest;
import dynamo.core.message.Message.ForwardRequest;
import dynamo.core.message.Message.MerkleRequest;
import dynamo.core.message.Message.Prepare;
import dynamo.core.message.Message.ReadRequest;
import dynamo.core.message.Message.ScanRequest;
import dynamo.core.message.Message.StaleEpoch;
import dynamo.core.message.Message.StreamRequest;
import dynamo.core.message.Message.WriteRequest;
import java.util.Optional;

/**
 * The epoch rules, pure. A protocol request (one that reads or changes data, or acts for a range) is
 * served only when its sender's epoch equals ours: an older one comes from a coordinator whose ring
 * is stale, a newer one means we are behind and must fetch the config before we may act on it.
 * Replies, probes and the ring's own messages always pass (the ring messages are how epochs spread).
 */
public final class EpochFence {
    private static final String STALE_RING = "ring epoch ";

    private EpochFence() {
    }

    public static boolean isFenced(Message message) {
        return message instanceof ReadRequest || message instanceof WriteRequest || message instanceof Prepare
                || message instanceof Accept || message instanceof ForwardRequest || message instanceof ScanRequest
                || message instanceof MerkleRequest || message instanceof BucketRequest
                || message instanceof StreamRequest;
    }

    /** Whether a message stamped {@code theirs} may be handled by a node at {@code ours}. */
    public static boolean admits(long ours, long theirs, Message message) {
        return theirs == ours || !isFenced(message);
    }

    /** A node that sees a newer epoch on any message fetches that config from the sender. */
    public static boolean mustFetch(long ours, long theirs) {
        return theirs > ours;
    }

    /** Whether a refusal says that the refused request's ring was stale (not that the replica is behind). */
    public static boolean senderWasStale(StaleEpoch refusal) {
        return refusal.epoch() > refusal.refusedEpoch();
    }

    /** The 503 reason of an operation refused for its stale ring. */
    public static String reason(StaleEpoch refusal) {
        return STALE_RING + refusal.refusedEpoch() + " is stale: " + refusal.from() + " is at epoch "
                + refusal.epoch() + "; the newer ring is being fetched, retry";
    }

    /** The client's answer to a request refused for this node's stale ring: 503, naming who holds the newer one. */
    public static ClientResponse refused(StaleEpoch refusal) {
        return ClientResponse.staleRing(reason(refusal), refusal.from());
    }

    /** The node that refused a stale ring (it holds the newer config); empty for any other answer. */
    public static Optional<String> newerRingHolder(ClientResponse answer) {
        return Optional.ofNullable(answer.newerRingAt());
    }

    /** Whether an answer is a refusal of a stale ring (this node's, or a coordinator's it forwarded to). */
    public static boolean refusedAsStale(ClientResponse answer) {
        return answer.newerRingAt() != null;
    }
}
