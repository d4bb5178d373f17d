package dynamo.client;

/**
 * What a put, conditional put or delete came to: {@code written} (with the new version), or
 * rejected, which only a conditional put can be and which means definitely not applied (someone
 * wrote since {@code fromVersion}). An outcome the store could not decide is no result but an
 * {@link OutcomeUnknownException}. {@code node} is the node that answered.
 */
public record WriteResult(boolean written, String version, String node) {
    public boolean rejected() {
        return !written;
    }
}
