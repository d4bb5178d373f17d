package dynamo.core.version;

/** One node's counter in a vector clock; the timestamp only decides which entry to drop when trimming. */
public record ClockEntry(String nodeId, long counter, long timestamp) {
}
