package dynamo.client.cli;

/** What {@code bin/dynamo} exits with, for scripts. */
final class ExitCode {
    /** Found, written, listed. */
    static final int OK = 0;
    /** Not found, or a conditional put rejected. */
    static final int NO = 1;
    /** No node answered, or a write's outcome is unknown. */
    static final int UNAVAILABLE = 2;
    /** Bad arguments, bad base64, or the store refused the request as invalid (400, 413). */
    static final int BAD_INPUT = 3;

    private ExitCode() {
    }
}
