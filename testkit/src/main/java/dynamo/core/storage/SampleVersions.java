package dynamo.core.storage;

import dynamo.core.version.VectorClock;
import dynamo.core.version.Version;
import dynamo.core.version.Versioned;
import dynamo.core.version.WriteTag;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Small builders of versions for storage tests. */
public final class SampleVersions {
    private SampleVersions() {
    }

    public static Versioned value(String value, long counter) {
        return value(value.getBytes(StandardCharsets.UTF_8), counter);
    }

    public static Versioned value(byte[] value, long counter) {
        return new Versioned(value, version(counter));
    }

    public static Versioned tombstone(long counter) {
        return Versioned.tombstone(version(counter));
    }

    public static Version version(long counter) {
        VectorClock clock = VectorClock.EMPTY.increment("node-a", 1_700_000_000_000L + counter);
        return new Version(clock, new WriteTag(counter, "node-a", counter));
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A version whose value is a long counter: for increment tests. */
    public static List<Versioned> counter(long n) {
        return List.of(value(ByteBuffer.allocate(Long.BYTES).putLong(n).array(), n));
    }

    /** The counter stored by {@link #counter}, or 0 for an absent key. */
    public static long counterOf(List<Versioned> versions) {
        return versions.isEmpty() ? 0 : ByteBuffer.wrap(versions.get(0).value()).getLong();
    }

    /** The pure increment function handed to update(). */
    public static List<Versioned> increment(List<Versioned> current) {
        return counter(counterOf(current) + 1);
    }
}
