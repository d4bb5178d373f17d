package dynamo.core.version;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** How versions of one key combine, for replicas (what to keep) and coordinators (what is newest). */
public final class VersionResolver {
    private final ConflictMode mode;

    public VersionResolver(ConflictMode mode) {
        this.mode = mode;
    }

    public ConflictMode mode() {
        return mode;
    }

    /** The versions to keep when {@code incoming} meets {@code current}. */
    public List<Versioned> reconcile(List<Versioned> current, List<Versioned> incoming) {
        List<Versioned> all = new ArrayList<>(current.size() + incoming.size());
        all.addAll(current);
        all.addAll(incoming);
        return mode == ConflictMode.LINEARIZABLE ? newestOnly(all) : undominated(all);
    }

    /** The newest versions among several replicas' answers. */
    public List<Versioned> newest(Collection<List<Versioned>> answers) {
        List<Versioned> result = List.of();
        for (List<Versioned> answer : answers) {
            result = reconcile(result, answer);
        }
        return result;
    }

    /** The highest write tag among {@code versions}, or {@link WriteTag#ZERO}. */
    public static WriteTag highestTag(Collection<Versioned> versions) {
        return versions.stream().map(Versioned::tag).max(Comparator.naturalOrder()).orElse(WriteTag.ZERO);
    }

    /** The clock that descends from all of {@code versions}. */
    public static VectorClock mergedClock(Collection<Versioned> versions) {
        VectorClock clock = VectorClock.EMPTY;
        for (Versioned v : versions) {
            clock = clock.merge(v.clock());
        }
        return clock;
    }

    /** The version a client sees for a set of siblings: merged clock, highest tag. */
    public static Version summary(Collection<Versioned> versions) {
        return new Version(mergedClock(versions), highestTag(versions));
    }

    /**
     * Whether a conditional write based on {@code from} may replace {@code current}: nothing was written
     * since the client read. Linearizable mode compares write tags; siblings mode compares clocks.
     */
    public boolean covers(Version from, List<Versioned> current) {
        if (mode == ConflictMode.LINEARIZABLE) {
            return !highestTag(current).isAfter(from.tag());
        }
        return current.stream().allMatch(v -> from.clock().covers(v.clock()));
    }

    /** Whether two replicas' answers hold the same versions. */
    public static boolean sameVersions(List<Versioned> a, List<Versioned> b) {
        return a.stream().map(Versioned::version).toList().containsAll(b.stream().map(Versioned::version).toList())
                && a.size() == b.size();
    }

    /** The version with the highest tag (there is one; {@code all} must not be empty). */
    public static Versioned newestByTag(List<Versioned> all) {
        return all.stream().max(Comparator.comparing(Versioned::tag)).orElseThrow();
    }

    private static List<Versioned> newestOnly(List<Versioned> all) {
        return all.stream().max(Comparator.comparing(Versioned::tag)).map(List::of).orElse(List.of());
    }

    private static List<Versioned> undominated(List<Versioned> all) {
        List<Versioned> kept = new ArrayList<>();
        for (Versioned candidate : all) {
            boolean dominated = all.stream().anyMatch(other -> other != candidate && supersedes(other, candidate));
            boolean duplicate = kept.stream().anyMatch(k -> k.clock().compare(candidate.clock()) == Occurred.EQUAL);
            if (!dominated && !duplicate) {
                kept.add(candidate);
            }
        }
        return List.copyOf(kept);
    }

    /** Strictly newer clock, or the same clock with a higher tag (a re-write of equal history). */
    private static boolean supersedes(Versioned a, Versioned b) {
        Occurred o = a.clock().compare(b.clock());
        return o == Occurred.AFTER || (o == Occurred.EQUAL && a.tag().isAfter(b.tag()));
    }
}
