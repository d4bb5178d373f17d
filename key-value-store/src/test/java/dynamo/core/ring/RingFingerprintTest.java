package dynamo.core.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RingFingerprintTest {
    private static final List<String> FIVE = List.of("node1", "node2", "node3", "node4", "node5");

    @Test
    void equalRingsHaveEqualFingerprintsWhateverTheOrderTheirNodesCameIn() {
        assertThat(new Ring(FIVE, 8).fingerprint())
                .isEqualTo(new Ring(List.of("node5", "node3", "node1", "node4", "node2"), 8).fingerprint());
    }

    @Test
    void aMemberOrATokenMoreOrLessChangesTheFingerprint() {
        long five = new Ring(FIVE, 8).fingerprint();
        assertThat(new Ring(FIVE.subList(0, 4), 8).fingerprint()).isNotEqualTo(five);
        assertThat(new Ring(FIVE, 9).fingerprint()).isNotEqualTo(five);
        assertThat(new Ring(List.of("node1", "node2", "node3", "node4", "node6"), 8).fingerprint()).isNotEqualTo(five);
    }

    @Test
    void fingerprintsAreNonNegative63BitNumbers() {
        for (int vnodes = 1; vnodes <= 64; vnodes++) {
            assertThat(new Ring(FIVE, vnodes).fingerprint()).isNotNegative();
        }
    }

    @Test
    void ownersListEveryTokenInRingOrderWithItsNode() {
        Ring ring = new Ring(FIVE, 4);
        assertThat(List.copyOf(ring.owners().keySet())).isEqualTo(ring.tokens());
        assertThat(ring.owners()).hasSize(20);
        assertThat(ring.owners().get(RingHash.of("node3#2"))).isEqualTo("node3");
        assertThat(ring.owners().get(RingHash.of("node3"))).isEqualTo("node3");
    }
}
