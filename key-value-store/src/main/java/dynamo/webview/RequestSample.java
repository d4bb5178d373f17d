package dynamo.webview;

/**
 * One sample of this node's client requests (gets and puts it coordinated): the rate over the
 * sampling interval that ended at {@code atMillis}, and the coordinator timers' p99 at that moment.
 */
record RequestSample(long atMillis, double requestsPerSecond, double getP99Millis, double putP99Millis) {
}
