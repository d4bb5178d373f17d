package dynamo.core.antientropy;

import static dynamo.core.antientropy.Peers.tombstone;
import static dynamo.core.antientropy.Peers.value;
import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.version.ClockEntry;
import dynamo.core.version.ConflictMode;
import dynamo.core.version.VectorClock;
import dynamo.core.version.Version;
import dynamo.core.version.VersionResolver;
import dynamo.core.version.Versioned;
import dynamo.core.version.WriteTag;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepairRuleTest {
    private static final long NOW = 1_000_000;
    private static final long GRACE = 10_000;
    private static final RepairRule RULE =
            new RepairRule(new VersionResolver(ConflictMode.LINEARIZABLE), new Tombstones(GRACE));

    private static final List<Versioned> OLD = List.of(value("old", 1, "n1", NOW - 50_000));
    private static final List<Versioned> NEW = List.of(value("new", 2, "n2", NOW - 1_000));
    private static final List<Versioned> FRESH_TOMBSTONE = List.of(tombstone(3, "n1", NOW - 1_000));
    private static final List<Versioned> EXPIRED_TOMBSTONE = List.of(tombstone(3, "n1", NOW - 20_000));

    @Test
    void theNewerSideFlowsToTheOlderAndEqualSidesStay() {
        assertThat(RULE.pull(OLD, NEW, NOW)).isTrue();
        assertThat(RULE.push(OLD, NEW, NOW)).isFalse();
        assertThat(RULE.push(NEW, OLD, NOW)).isTrue();
        assertThat(RULE.pull(NEW, OLD, NOW)).isFalse();
        assertThat(RULE.pull(NEW, NEW, NOW)).isFalse();
        assertThat(RULE.push(NEW, NEW, NOW)).isFalse();
    }

    @Test
    void aMissingKeyIsCopiedToTheSideThatLacksIt() {
        assertThat(RULE.pull(List.of(), NEW, NOW)).isTrue();
        assertThat(RULE.push(NEW, List.of(), NOW)).isTrue();
        assertThat(RULE.pull(List.of(), FRESH_TOMBSTONE, NOW)).as("a delete within the grace travels").isTrue();
        assertThat(RULE.pull(NEW, List.of(), NOW)).isFalse();
    }

    @Test
    void anExpiredTombstoneIsNeverRecreatedWhereItWasCollected() {
        assertThat(RULE.pull(List.of(), EXPIRED_TOMBSTONE, NOW)).isFalse();
        assertThat(RULE.push(EXPIRED_TOMBSTONE, List.of(), NOW)).isFalse();
    }

    @Test
    void anExpiredTombstoneStillDeletesAnOlderLiveValue() {
        assertThat(RULE.push(EXPIRED_TOMBSTONE, OLD, NOW)).isTrue();
        assertThat(RULE.pull(OLD, EXPIRED_TOMBSTONE, NOW)).isTrue();
    }

    @Test
    void siblingsModeMergesConcurrentVersionsBothWays() {
        RepairRule siblings = new RepairRule(new VersionResolver(ConflictMode.SIBLINGS), new Tombstones(GRACE));
        List<Versioned> mine = List.of(versioned("a", "n1"));
        List<Versioned> theirs = List.of(versioned("b", "n2"));
        assertThat(siblings.pull(mine, theirs, NOW)).isTrue();
        assertThat(siblings.push(mine, theirs, NOW)).isTrue();
        List<Versioned> both = List.of(mine.get(0), theirs.get(0));
        assertThat(siblings.pull(both, theirs, NOW)).isFalse();
        assertThat(siblings.push(both, theirs, NOW)).isTrue();
    }

    private static Versioned versioned(String value, String node) {
        VectorClock clock = new VectorClock(List.of(new ClockEntry(node, 1, NOW)));
        return new Versioned(value.getBytes(), new Version(clock, new WriteTag(1, node, 1)));
    }
}
