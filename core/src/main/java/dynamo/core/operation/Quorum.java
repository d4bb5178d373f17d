package dynamo.core.operation;

/** Quorum arithmetic: pure functions over N, R and W. */
public record Quorum(int n, int r, int w) {

    public Quorum {
        if (n < 1 || !inRange(r, n) || !inRange(w, n)) {
            throw new IllegalArgumentException("need 1 <= R, W <= N, got N=" + n + " R=" + r + " W=" + w);
        }
    }

    /** Whether a client's R or W is acceptable for this N. */
    public static boolean inRange(int required, int n) {
        return required >= 1 && required <= n;
    }

    /** R + W > N: every read quorum meets every write quorum. */
    public boolean overlapping() {
        return r + w > n;
    }

    /** The least number of N replicas that every other such number intersects: N / 2 + 1. */
    public static int majority(int n) {
        return n / 2 + 1;
    }

    public static boolean reached(int answers, int required) {
        return answers >= required;
    }
}
