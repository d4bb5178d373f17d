package dynamo.client;

/**
 * The store refused the request as malformed (400: bad key, bad version, R or W outside [1, N]) or
 * too large (413: value over the configured limit), or without the right token (401, 403);
 * {@link #serverMessage()} is its JSON
 * {@code error}. Nothing was applied; sending the same request again gets the same answer.
 */
public final class InvalidRequestException extends DynamoException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String serverMessage;

    public InvalidRequestException(int status, String serverMessage) {
        super(status + ": " + serverMessage, null);
        this.status = status;
        this.serverMessage = serverMessage;
    }

    public int status() {
        return status;
    }

    public String serverMessage() {
        return serverMessage;
    }
}
