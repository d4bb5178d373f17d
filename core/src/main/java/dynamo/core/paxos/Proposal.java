package dynamo.core.paxos;

import dynamo.core.message.ClientResponse;
import dynamo.core.message.OperationId;
import dynamo.core.version.VectorClock;
import dynamo.core.version.Version;
import dynamo.core.version.VersionResolver;
import dynamo.core.version.Versioned;
import dynamo.core.version.WriteTag;
import java.util.ArrayList;
import java.util.List;

/**
 * CASPaxos's change function: what one operation turns the key's current value into, and what the
 * client hears once that is chosen. A read changes nothing; a put or delete writes a new version;
 * a conditional put writes only if {@code fromVersion} covers the current version.
 *
 * <p>Exactly once: a write carries its {@link OperationId}, which becomes its tag's node and
 * sequence. If the current value is that write, or lists it among the writes it recently
 * superseded, the write was already chosen (by this coordinator before a retry, or by another one
 * that took over): it is not applied again.
 */
public record Proposal(Kind kind, byte[] value, Version fromVersion, OperationId id) {
    public enum Kind { READ, WRITE }

    /** How long superseded tags are remembered: a retried write arrives well within a request deadline. */
    static final long REMEMBER_MICROS = 5_000_000;
    /** At most this many superseded tags per key (bounds the record of a very hot key). */
    static final int REMEMBER_MAX = 256;

    /** What to accept (empty: nothing, the key stays absent) and the client's answer once it is chosen. */
    public record Outcome(List<Versioned> toAccept, ClientResponse answer) {
    }

    public static Proposal read() {
        return new Proposal(Kind.READ, null, null, null);
    }

    public static Proposal write(byte[] value, Version fromVersion, OperationId id) {
        return new Proposal(Kind.WRITE, value, fromVersion, id);
    }

    /**
     * @param current the value chosen so far (null: the key was never written or is collected)
     * @param self    the coordinator, whose vector clock entry a new version increments
     */
    public Outcome apply(Versioned current, String self, long nowMillis, VersionResolver resolver) {
        List<Versioned> unchanged = current == null ? List.of() : List.of(current);
        if (kind == Kind.READ) {
            return new Outcome(unchanged, readAnswer(current));
        }
        if (current != null && current.tag().isBy(id.node(), id.sequence())) {
            return new Outcome(unchanged, ClientResponse.written(current));
        }
        WriteTag earlier = current == null ? null : supersededBy(current);
        if (earlier != null) {
            // Chosen and overwritten since: the answer names our write's tag, so a conditional put
            // from it is (rightly) rejected.
            return new Outcome(unchanged, ClientResponse.written(new Versioned(value,
                    new Version(VectorClock.EMPTY, earlier))));
        }
        if (fromVersion != null && !resolver.covers(fromVersion, unchanged)) {
            return new Outcome(unchanged, ClientResponse.rejected());
        }
        Versioned next = next(current, self, nowMillis);
        return new Outcome(List.of(next), ClientResponse.written(next));
    }

    private static ClientResponse readAnswer(Versioned current) {
        return current == null || current.isTombstone() ? ClientResponse.notFound()
                : ClientResponse.found(List.of(current));
    }

    private WriteTag supersededBy(Versioned current) {
        return current.superseded().stream().filter(t -> t.isBy(id.node(), id.sequence())).findFirst().orElse(null);
    }

    /** A version after {@code current}: its clock descends from everything seen, its tag is higher. */
    private Versioned next(Versioned current, String self, long nowMillis) {
        var clock = current == null ? VectorClock.EMPTY : current.clock();
        if (fromVersion != null) {
            clock = clock.merge(fromVersion.clock());
        }
        long counter = Math.max(nowMillis * 1000, current == null ? 1 : current.tag().counter() + 1);
        WriteTag tag = new WriteTag(counter, id.node(), id.sequence());
        return new Versioned(value, new Version(clock.increment(self, nowMillis), tag), remembered(current, counter));
    }

    /** The current tag and the recent ones it superseded, newest first, within the time and count bounds. */
    private static List<WriteTag> remembered(Versioned current, long newCounter) {
        if (current == null) {
            return List.of();
        }
        List<WriteTag> tags = new ArrayList<>();
        tags.add(current.tag());
        for (WriteTag t : current.superseded()) {
            if (tags.size() >= REMEMBER_MAX || t.counter() < newCounter - REMEMBER_MICROS) {
                break;
            }
            tags.add(t);
        }
        return tags;
    }

    /** The resolver's single newest version of {@code versions}, or null. */
    static Versioned newest(List<Versioned> versions) {
        return versions.isEmpty() ? null : VersionResolver.newestByTag(versions);
    }
}
