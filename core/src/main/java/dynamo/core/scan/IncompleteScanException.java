package dynamo.core.scan;

import java.util.Set;
import java.util.TreeSet;

/** A global scan lost every replica of some range: what it would return is not the whole store. */
public final class IncompleteScanException extends RuntimeException {
    public IncompleteScanException(Set<String> range) {
        super("no replica of a ring range answered the scan (replicas " + new TreeSet<>(range) + ")", null, false, false);
    }
}
