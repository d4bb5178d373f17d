package dynamo.client.http;

/**
 * One request of the store's API, independent of the node it goes to: a get
 * ({@code GET /storage/{key}}) or a put ({@code PUT /storage/} with a JSON body).
 */
public record ApiRequest(boolean write, String path, byte[] body) {
    public static ApiRequest get(byte[] key, Integer minNumReads) {
        String query = minNumReads == null ? "" : "?minNumReads=" + minNumReads;
        return new ApiRequest(false, "/storage/" + ApiJson.keyInPath(key) + query, null);
    }

    /** A put; {@code fromVersion} null is unconditional, an empty {@code value} a delete. */
    public static ApiRequest put(byte[] key, byte[] value, String fromVersion, Integer minNumWrites) {
        return new ApiRequest(true, "/storage/", ApiJson.putBody(key, value, fromVersion, minNumWrites));
    }
}
