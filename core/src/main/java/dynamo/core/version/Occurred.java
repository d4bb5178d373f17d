package dynamo.core.version;

/** How two vector clocks relate causally. */
public enum Occurred {
    BEFORE, AFTER, EQUAL, CONCURRENT
}
