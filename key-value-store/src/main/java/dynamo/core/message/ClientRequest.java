package dynamo.core.message;

import dynamo.core.version.Version;

/**
 * A client's get or put as the coordinator runs it. A put with a null value is a delete;
 * {@code fromVersion} null means an unconditional write; {@code quorum} is R for a get, W for a put.
 */
public record ClientRequest(Kind kind, byte[] key, byte[] value, Version fromVersion, int quorum) {
    public enum Kind { GET, PUT }

    public static ClientRequest get(byte[] key, int r) {
        return new ClientRequest(Kind.GET, key, null, null, r);
    }

    public static ClientRequest put(byte[] key, byte[] value, Version fromVersion, int w) {
        return new ClientRequest(Kind.PUT, key, value, fromVersion, w);
    }
}
