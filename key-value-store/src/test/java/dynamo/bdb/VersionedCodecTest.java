package dynamo.bdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dynamo.core.storage.KeyState;
import dynamo.core.version.Ballot;
import dynamo.core.version.ClockEntry;
import dynamo.core.version.VectorClock;
import dynamo.core.version.Version;
import dynamo.core.version.Versioned;
import dynamo.core.version.WriteTag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionedCodecTest {
    private static final Version VERSION = new Version(
            new VectorClock(List.of(new ClockEntry("node-a", 3, 1_700_000_000_123L))),
            new WriteTag(7, "node-a", 42));

    @Test
    void tombstoneStaysATombstone() {
        List<Versioned> decoded = roundTrip(List.of(Versioned.tombstone(VERSION)));

        assertThat(decoded).containsExactly(Versioned.tombstone(VERSION));
        assertThat(decoded.get(0).isTombstone()).isTrue();
    }

    @Test
    void emptyValueIsNotATombstone() {
        Versioned decoded = roundTrip(List.of(new Versioned(new byte[0], VERSION))).get(0);

        assertThat(decoded.isTombstone()).isFalse();
        assertThat(decoded.value()).isEmpty();
    }

    @Test
    void everyByteValueSurvives() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        byte[] edges = {0x00, (byte) 0xff, 0x00, (byte) 0x80, 0x7f, (byte) 0xff};

        List<Versioned> versions = List.of(new Versioned(all, VERSION), new Versioned(edges, VERSION));

        assertThat(roundTrip(versions)).isEqualTo(versions);
    }

    @Test
    void tenEntryClockKeepsOrderCountersAndTimestamps() {
        List<ClockEntry> entries = new ArrayList<>();
        for (int i = 0; i < VectorClock.MAX_ENTRIES; i++) {
            entries.add(new ClockEntry("node-" + i + "-é", i * 1_000_003L, 1_700_000_000_000L + i));
        }
        Version version = new Version(new VectorClock(entries), new WriteTag(Long.MAX_VALUE, "node-9-é", -1));
        List<Versioned> versions = List.of(new Versioned("v".getBytes(), version));

        Versioned decoded = roundTrip(versions).get(0);

        assertThat(decoded.clock().entries()).containsExactlyElementsOf(entries);
        assertThat(decoded.tag()).isEqualTo(new WriteTag(Long.MAX_VALUE, "node-9-é", -1));
    }

    @Test
    void siblingsKeepTheirOrder() {
        List<Versioned> siblings = List.of(
                new Versioned("b".getBytes(), new Version(VectorClock.EMPTY, new WriteTag(2, "n2", 0))),
                Versioned.tombstone(new Version(VectorClock.EMPTY, new WriteTag(1, "n1", 0))),
                new Versioned("a".getBytes(), Version.NONE));

        assertThat(roundTrip(siblings)).isEqualTo(siblings);
    }

    @Test
    void emptyListRoundTrips() {
        assertThat(roundTrip(List.of())).isEmpty();
    }

    @Test
    void oneMebibyteValueRoundTrips() {
        byte[] big = new byte[1 << 20];
        Arrays.fill(big, (byte) 0xab);

        assertThat(roundTrip(List.of(new Versioned(big, VERSION))).get(0).value()).isEqualTo(big);
    }

    @Test
    void startsWithTheFormatVersionAndIsCompact() {
        byte[] encoded = VersionedCodec.encode(List.of(new Versioned("value".getBytes(), VERSION)));

        assertThat(encoded[0]).isEqualTo(VersionedCodec.FORMAT);
        // format: 1; two ZERO ballots: 2 + 2; count, flag: 2; value: 1 + 5;
        // clock: 1 + (1 + 6) + 1 + 6 (a 41-bit timestamp); tag: 1 + (1 + 6) + 1; no superseded tags: 1
        assertThat(encoded).hasSize(38);
    }

    @Test
    void keepsTheAcceptorStateAndSupersededTags() {
        Versioned v = new Versioned("value".getBytes(), VERSION,
                List.of(new WriteTag(9, "node-2", 4), new WriteTag(7, "node-1", 3)));
        KeyState state = new KeyState(new Ballot(1_700_000_000_000_123L, "node-3"), new Ballot(42, "node-1"), List.of(v));

        assertThat(VersionedCodec.decodeState(VersionedCodec.encode(state))).isEqualTo(state);
    }

    @Test
    void readsRecordsOfTheFirstFormatWithoutBallots() {
        // format 1, one version: value "v", clock {node-1: 1 @ 2}, tag (3, "n", 4)
        byte[] first = {1, 1, 1, 1, 'v', 1, 6, 'n', 'o', 'd', 'e', '-', '1', 1, 2, 3, 1, 'n', 4};

        KeyState state = VersionedCodec.decodeState(first);

        assertThat(state.promised()).isEqualTo(Ballot.ZERO);
        assertThat(state.accepted()).isEqualTo(Ballot.ZERO);
        assertThat(state.versions()).singleElement().satisfies(v -> {
            assertThat(v.value()).isEqualTo("v".getBytes());
            assertThat(v.tag()).isEqualTo(new WriteTag(3, "n", 4));
            assertThat(v.superseded()).isEmpty();
        });
    }

    @Test
    void rejectsAnUnknownFormat() {
        byte[] encoded = VersionedCodec.encode(List.of(new Versioned("v".getBytes(), VERSION)));
        encoded[0] = 99;

        assertThatThrownBy(() -> VersionedCodec.decode(encoded))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 99");
    }

    @Test
    void rejectsTruncatedAndTrailingBytes() {
        byte[] encoded = VersionedCodec.encode(List.of(new Versioned("value".getBytes(), VERSION)));

        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            assertThatThrownBy(() -> VersionedCodec.decode(truncated)).as("length %d", length)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
        assertThatThrownBy(() -> VersionedCodec.decode(longer)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Versioned> roundTrip(List<Versioned> versions) {
        return VersionedCodec.decode(VersionedCodec.encode(versions));
    }
}
