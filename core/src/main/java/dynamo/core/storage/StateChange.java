package dynamo.core.storage;

/** What one change of a batch found stored and what it left stored. */
public record StateChange(KeyState before, KeyState after) {
    /** Whether the change altered what is stored. */
    public boolean changed() {
        return !after.equals(before);
    }
}
