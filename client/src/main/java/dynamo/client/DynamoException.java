package dynamo.client;

/** Every failure the client reports; the subclasses say what is known about the request's effect. */
public class DynamoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DynamoException(String message, Throwable cause) {
        super(message, cause);
    }
}
