package dynamo.webview;

/**
 * A member's liveness as one node's failure detector sees it. {@code SUSPECT}: it answers, but
 * missed a replica deadline since it was last heard (the detector's weak suspicion, which only
 * adds hints); {@code DOWN}: silent for the suspicion period or unreachable (requests route
 * around it). Liveness only: a down member is still a member of the ring.
 */
enum MemberState {
    UP, SUSPECT, DOWN;

    static MemberState of(boolean seemsUp, boolean alive) {
        if (!seemsUp) {
            return DOWN;
        }
        return alive ? UP : SUSPECT;
    }
}
