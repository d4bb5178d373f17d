package dynamo.webview;

/**
 * A member's liveness as one node's failure detector sees it: {@code DOWN} when silent for the
 * suspicion period or unreachable (requests route around it). Liveness only: a down member is still
 * a member of the ring.
 */
enum MemberState {
    UP, DOWN;

    static MemberState of(boolean seemsUp) {
        return seemsUp ? UP : DOWN;
    }
}
