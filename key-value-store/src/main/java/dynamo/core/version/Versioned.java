package dynamo.core.version;

import java.util.Arrays;

/** One version of a key's value; a null value is a tombstone (a delete). */
public record Versioned(byte[] value, Version version) {

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
        return o instanceof Versioned v && Arrays.equals(value, v.value) && version.equals(v.version);
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
