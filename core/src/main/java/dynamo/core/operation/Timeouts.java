package dynamo.core.operation;

/**
 * replicaMillis: a replica that has not answered after this long is suspected. requestMillis: a client
 * request's deadline. heartbeatMillis: how often peers are probed. suspectAfterMillis: silence after
 * which a peer counts as down.
 */
public record Timeouts(long replicaMillis, long requestMillis, long heartbeatMillis, long suspectAfterMillis) {
}
