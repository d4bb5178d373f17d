package dynamo.http;

/** A client error detected while reading a request: answered with {@code status} and the message. */
public final class InvalidRequestException extends RuntimeException {
    private final int status;

    public InvalidRequestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
