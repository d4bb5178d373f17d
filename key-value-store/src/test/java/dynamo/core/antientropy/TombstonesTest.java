package dynamo.core.antientropy;

import static dynamo.core.antientropy.Peers.tombstone;
import static dynamo.core.antientropy.Peers.value;
import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.version.ClockEntry;
import dynamo.core.version.VectorClock;
import dynamo.core.version.Version;
import dynamo.core.version.Versioned;
import dynamo.core.version.WriteTag;
import java.util.List;
import org.junit.jupiter.api.Test;

class TombstonesTest {
    private final Tombstones tombstones = new Tombstones(1_000);

    @Test
    void onlyTombstonesOlderThanTheGraceAreCollectable() {
        assertThat(tombstones.collectable(List.of(tombstone(1, "n1", 5_000)), 6_001)).isTrue();
        assertThat(tombstones.collectable(List.of(tombstone(1, "n1", 5_000)), 6_000)).isFalse();
        assertThat(tombstones.collectable(List.of(), 100_000)).isFalse();
        assertThat(tombstones.collectable(List.of(value("v", 1, "n1", 0)), 100_000)).isFalse();
    }

    @Test
    void aLiveSiblingOrAnyRecentClockEntryKeepsTheKey() {
        assertThat(tombstones.collectable(List.of(tombstone(1, "n1", 0), value("v", 2, "n2", 0)), 100_000))
                .isFalse();
        VectorClock clock = new VectorClock(List.of(new ClockEntry("n1", 3, 0), new ClockEntry("n2", 1, 99_500)));
        Versioned recent = Versioned.tombstone(new Version(clock, new WriteTag(3, "n1", 3)));
        assertThat(tombstones.collectable(List.of(recent), 100_000)).isFalse();
        assertThat(tombstones.collectable(List.of(recent), 100_501)).isTrue();
    }
}
