package dynamo.client;

/**
 * A write that reached a node but whose outcome nobody can tell: the store answered 503 (no quorum
 * before its deadline), or the connection broke or timed out after the request was sent. The write
 * may or may not have been applied; the client never replays it (a replayed conditional put could
 * report {@code rejected} for a write that was applied). Read the key to find out.
 */
public final class OutcomeUnknownException extends DynamoException {
    private static final long serialVersionUID = 1L;

    public OutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
