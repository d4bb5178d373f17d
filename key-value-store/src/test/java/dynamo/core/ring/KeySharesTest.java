package dynamo.core.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeySharesTest {

    @Test
    void aLoneNodeOwnsTheWholeRing() {
        assertThat(KeyShares.primary(new Ring(List.of("a"), 1))).containsExactly(Map.entry("a", 1.0));
    }

    @Test
    void sharesAddUpToTheWholeRing() {
        Map<String, Double> shares = KeyShares.primary(new Ring(List.of("n1", "n2", "n3", "n4", "n5"), 1));
        assertThat(shares).hasSize(5);
        assertThat(shares.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(shares.values()).allSatisfy(share -> assertThat(share).isBetween(0.0, 1.0));
    }

    @Test
    void eachTokenOwnsTheArcFromThePreviousToken() {
        Ring ring = new Ring(List.of("n1", "n2"), 1);
        long first = ring.owners().firstKey();
        long last = ring.owners().lastKey();
        // The first token's arc wraps from the last token past zero.
        double firstArc = Math.pow(2, 64) - unsigned(last) + unsigned(first);
        assertThat(KeyShares.primary(ring).get(ring.owners().get(first))).isCloseTo(firstArc / Math.pow(2, 64), within(1e-9));
    }

    @Test
    void manyVirtualNodesSpreadKeysEvenly() {
        Map<String, Double> shares = KeyShares.primary(new Ring(List.of("n1", "n2", "n3", "n4", "n5"), 256));
        assertThat(shares.values()).allSatisfy(share -> assertThat(share).isCloseTo(0.2, within(0.02)));
    }

    private static double unsigned(long value) {
        return Double.parseDouble(Long.toUnsignedString(value));
    }
}
