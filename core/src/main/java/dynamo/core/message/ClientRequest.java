package dynamo.core.message;

import dynamo.core.version.Version;

/**
 * A client's get or put as the coordinator runs it. A put with a null value is a delete;
 * FINISH_ROUND is what a linearizable get becomes when its replicas disagreed: the key's
 * coordinator makes the highest accepted value chosen and answers it;
 * {@code fromVersion} null means an unconditional write; {@code quorum} is R for a get, W for a put.
 * {@code id} names the operation once, where the client's request arrived: a forwarded or retried
 * put keeps it, so that replicas recognise a write they already applied.
 */
public record ClientRequest(Kind kind, byte[] key, byte[] value, Version fromVersion, int quorum, OperationId id) {
    public enum Kind { GET, PUT, FINISH_ROUND }

    public ClientRequest(Kind kind, byte[] key, byte[] value, Version fromVersion, int quorum) {
        this(kind, key, value, fromVersion, quorum, null);
    }

    public static ClientRequest get(byte[] key, int r) {
        return new ClientRequest(Kind.GET, key, null, null, r);
    }

    public static ClientRequest put(byte[] key, byte[] value, Version fromVersion, int w) {
        return new ClientRequest(Kind.PUT, key, value, fromVersion, w);
    }

    /** The round a disagreeing get of {@code key} needs, for the key's coordinator. */
    public static ClientRequest finishRound(byte[] key, int r) {
        return new ClientRequest(Kind.FINISH_ROUND, key, null, null, r);
    }

    public ClientRequest withId(OperationId assigned) {
        return new ClientRequest(kind, key, value, fromVersion, quorum, assigned);
    }
}
