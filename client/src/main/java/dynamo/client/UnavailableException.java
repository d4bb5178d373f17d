package dynamo.client;

/**
 * No answer could be had: a read failed on every node it was tried on (503, timeout, broken
 * connection), or a write could not be sent to any node (so it was definitely not applied).
 */
public final class UnavailableException extends DynamoException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
