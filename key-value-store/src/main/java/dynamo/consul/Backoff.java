package dynamo.consul;

/** Retry delays that double after each consecutive failure, from {@code base} up to {@code cap}. */
record Backoff(long baseMillis, long capMillis) {
    Backoff {
        if (baseMillis < 1 || capMillis < baseMillis) {
            throw new IllegalArgumentException("need 1 <= base <= cap, got " + baseMillis + ", " + capMillis);
        }
    }

    /** The delay before the next attempt, after {@code failures} (>= 1) failures in a row. */
    long delayAfter(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        return Math.min(capMillis, baseMillis << doublings);
    }
}
