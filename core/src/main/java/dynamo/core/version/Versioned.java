package dynamo.core.version;

import java.util.Arrays;
import java.util.List;

/**
 * One version of a key's value; a null value is a tombstone (a delete). In linearizable mode,
 * {@code superseded} lists the tags of the writes this version recently replaced (newest first), so
 * that a write retried on another coordinator is recognised as already applied even after it was
 * overwritten (see {@code dynamo.core.paxos.Proposal}). Empty in siblings mode.
 */
public record Versioned(byte[] value, Version version, List<WriteTag> superseded) {

    public Versioned {
        superseded = List.copyOf(superseded);
    }

    public Versioned(byte[] value, Version version) {
        this(value, version, List.of());
    }

    public static Versioned tombstone(Version version) {
        return new Versioned(null, version);
    }

    public boolean isTombstone() {
        return value == null;
    }

    public WriteTag tag() {
        return version.tag();
    }

    public VectorClock clock() {
        return version.clock();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Versioned v && Arrays.equals(value, v.value) && version.equals(v.version)
                && superseded.equals(v.superseded);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(value) + version.hashCode();
    }

    @Override
    public String toString() {
        return "Versioned[" + (value == null ? "tombstone" : value.length + " bytes") + ", " + version + "]";
    }
}
