package dynamo.client;

/** Where a client sends its requests. */
public enum Routing {
    /** Each request to the first replica of its key that seems up, from the ring read off {@code GET /ring}. */
    TOKEN_AWARE,
    /** Everything to one node (the first seed): the node forwards what it does not coordinate. */
    FIXED_NODE
}
