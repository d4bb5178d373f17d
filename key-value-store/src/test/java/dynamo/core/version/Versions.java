package dynamo.core.version;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Terse builders of clocks, tags and versions for tests. */
public final class Versions {
    private Versions() {
    }

    /** A clock from (node id, counter) pairs, e.g. {@code clock("a", 2, "b", 1)}; timestamps equal the counters. */
    public static VectorClock clock(Object... nodeCounterPairs) {
        List<ClockEntry> entries = new ArrayList<>();
        for (int i = 0; i < nodeCounterPairs.length; i += 2) {
            long counter = ((Number) nodeCounterPairs[i + 1]).longValue();
            entries.add(new ClockEntry((String) nodeCounterPairs[i], counter, counter));
        }
        return new VectorClock(entries);
    }

    public static WriteTag tag(long counter, String node) {
        return new WriteTag(counter, node, counter);
    }

    public static Version version(VectorClock clock, WriteTag tag) {
        return new Version(clock, tag);
    }

    /** A value written by {@code node} as its {@code counter}-th write: clock {node: counter}, tag (counter, node). */
    public static Versioned value(String text, String node, long counter) {
        return value(text, version(clock(node, counter), tag(counter, node)));
    }

    public static Versioned value(String text, Version version) {
        return new Versioned(bytes(text), version);
    }

    public static Versioned tombstone(String node, long counter) {
        return Versioned.tombstone(version(clock(node, counter), tag(counter, node)));
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(Versioned versioned) {
        return new String(versioned.value(), StandardCharsets.UTF_8);
    }
}
