package dynamo.core.epoch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dynamo.core.membership.Member;
import dynamo.core.ring.RingLayout;
import dynamo.core.version.Ballot;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingConfigTest {
    private static final List<String> IDS = List.of("node3", "node1", "node5", "node2", "node4");
    private static final RingLayout PARTITIONS = new RingLayout.Partitions(256, 3);
    private static final RingLayout TOKENS = new RingLayout.Tokens(4);

    @Test
    void theSeedIsEpochOneAndExactlyTheRingOfTheIdsAsBefore() {
        for (RingLayout layout : List.of(PARTITIONS, TOKENS)) {
            RingConfig seed = RingConfig.seed(IDS, layout);
            assertThat(seed.epoch()).isEqualTo(1);
            assertThat(seed.members()).containsExactly("node1", "node2", "node3", "node4", "node5");
            assertThat(seed.ring().owners()).isEqualTo(layout.ringOf(seed.members()).owners());
            assertThat(seed.ring().fingerprint()).isEqualTo(layout.ringOf(IDS.stream().sorted().toList()).fingerprint());
        }
    }

    @Test
    void everyNodeSeedsTheSameConfigFromAnyOrderOfIds() {
        List<String> reversed = new java.util.ArrayList<>(IDS);
        java.util.Collections.reverse(reversed);
        assertThat(RingConfig.seed(reversed, PARTITIONS)).isEqualTo(RingConfig.seed(IDS, PARTITIONS));
    }

    @Test
    void epochsOrderConfigsAndOnlyTheDirectSuccessorIsAChange() {
        RingConfig one = RingConfig.seed(IDS, PARTITIONS);
        RingConfig two = one.renumbered();
        RingConfig three = two.renumbered();
        assertThat(two.isNewerThan(one)).isTrue();
        assertThat(one.isNewerThan(two)).isFalse();
        assertThat(one.isNewerThan(one)).isFalse();
        assertThat(one.isSucceededBy(two)).isTrue();
        assertThat(one.isSucceededBy(three)).isFalse();
        assertThat(two.isSucceededBy(two)).isFalse();
        assertThat(two.ring().owners()).as("a renumbering keeps the ring").isEqualTo(one.ring().owners());
        assertThat(two).isNotEqualTo(one).isEqualTo(one.renumbered());
    }

    @Test
    void codecRoundTripsBothLayoutsAndTheRegisterState() {
        for (RingLayout layout : List.of(PARTITIONS, TOKENS, new RingLayout.Tokens(1))) {
            RingConfig config = RingConfig.following(42, IDS, layout);
            RingConfig back = RingConfigCodec.decode(RingConfigCodec.encode(config));
            assertThat(back).isEqualTo(config);
            assertThat(back.ring().owners()).isEqualTo(config.ring().owners());
        }
        RegisterState state = new RegisterState(new Ballot(9, "node2"), new Ballot(8, "node1"),
                RingConfig.seed(IDS, PARTITIONS));
        assertThat(RingConfigCodec.decodeRegister(RingConfigCodec.encode(state))).isEqualTo(state);
        assertThat(RingConfigCodec.decodeRegister(RingConfigCodec.encode(RegisterState.EMPTY))).isEqualTo(RegisterState.EMPTY);
    }

    @Test
    void aMoveIsTwoEpochsAndRoundTripsWithItsAddresses() {
        List<String> six = new java.util.ArrayList<>(IDS);
        six.add("node9");
        Member joiner = new Member("node9", "tcp://127.0.0.9:1", "http://127.0.0.9:2", null);
        for (RingLayout layout : List.of(PARTITIONS, TOKENS)) {
            RingConfig seed = RingConfig.seed(IDS, layout);
            RingConfig moving = seed.startingMove(six, List.of(joiner));
            assertThat(moving.epoch()).isEqualTo(2);
            assertThat(moving.members()).isEqualTo(seed.members());
            assertThat(moving.ring().owners()).as("the ring stays until the move ends").isEqualTo(seed.ring().owners());
            assertThat(moving.everyone()).contains("node9");
            assertThat(moving.target().orElseThrow().nodes()).contains("node9");
            assertThat(RingConfigCodec.decode(RingConfigCodec.encode(moving))).isEqualTo(moving);
            RingConfig done = moving.finishingMove();
            assertThat(done.epoch()).isEqualTo(3);
            assertThat(done.move()).isNull();
            assertThat(done.members()).contains("node9");
            assertThat(done.ring().owners()).isEqualTo(moving.target().orElseThrow().owners());
            assertThat(done.addresses()).containsEntry("node9", joiner);
            assertThat(RingConfigCodec.decode(RingConfigCodec.encode(done))).isEqualTo(done);
            assertThatThrownBy(() -> done.finishingMove()).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> moving.startingMove(IDS, List.of())).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aConfigStoredInTheFirstFormatStillReads() {
        RingConfig seed = RingConfig.seed(IDS, PARTITIONS);
        byte[] current = RingConfigCodec.encode(seed);
        // format 1 is format 2 without its last fields: no move (one byte) and no addresses (an int)
        byte[] first = Arrays.copyOf(current, current.length - 5);
        first[0] = 1;
        assertThat(RingConfigCodec.decode(first)).isEqualTo(seed);
    }

    @Test
    void malformedBytesAreRefusedNotGuessed() {
        byte[] good = RingConfigCodec.encode(RingConfig.seed(IDS, PARTITIONS));
        for (int cut = 0; cut < good.length; cut += 7) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> RingConfigCodec.decode(truncated)).isInstanceOf(IllegalArgumentException.class);
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> RingConfigCodec.decode(longer)).isInstanceOf(IllegalArgumentException.class);
        byte[] otherFormat = good.clone();
        otherFormat[0] = 9;
        assertThatThrownBy(() -> RingConfigCodec.decode(otherFormat)).hasMessageContaining("format");
    }

    @Test
    void aConfigWhoseOwnersDoNotFitItsLayoutCannotExist() {
        assertThatThrownBy(() -> new RingConfig(0, IDS, TOKENS, List.of())).hasMessageContaining("epochs start");
        assertThatThrownBy(() -> new RingConfig(1, IDS, PARTITIONS, List.of("node1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RingConfig(1, IDS, TOKENS, List.of("node1")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
