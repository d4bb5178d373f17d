package dynamo.core.message;

/** A client operation's identity: the node where it arrived and that node's sequence number. */
public record OperationId(String node, long sequence) {
}
