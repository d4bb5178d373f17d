package dynamo.client.http;

/** A node's answer: status, body, and the node and ring epoch it named in its headers (null if absent). */
public record Reply(int status, byte[] body, String node, String ringEpoch) {
    public static final String NODE_HEADER = "X-Dynamo-Node";
    public static final String RING_EPOCH_HEADER = "X-Dynamo-Ring-Epoch";
}
