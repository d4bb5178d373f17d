package dynamo.client.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClientRingTest {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private static RingNode node(String id, long... tokens) {
        return new RingNode(id, null, null, Arrays.stream(tokens).boxed().toList(), true);
    }

    private static List<String> ids(List<RingNode> nodes) {
        return nodes.stream().map(RingNode::id).toList();
    }

    @Test
    void aKeysPositionIsTheFirstEightBytesOfItsMd5() {
        // md5("abc") = 900150983cd24fb0d6963f7d28e17f72 (RFC 1321)
        assertThat(Long.toUnsignedString(KeyPosition.of("abc".getBytes(StandardCharsets.UTF_8)), 16))
                .isEqualTo("900150983cd24fb0");
    }

    @Test
    void aPositionOnATokenBelongsToThatTokensNodeAndTheListWrapsAround() {
        ClientRing ring = new ClientRing(1, 3, List.of(node("a", 100), node("b", 200), node("c", -5)));
        assertThat(ids(ring.preferenceListAt(100))).containsExactly("a", "b", "c");
        assertThat(ids(ring.preferenceListAt(101))).containsExactly("b", "c", "a");
        // -5 is 2^64 - 5: the top of the ring, above 2^63.
        assertThat(ids(ring.preferenceListAt(Long.MIN_VALUE))).containsExactly("c", "a", "b");
        assertThat(ids(ring.preferenceListAt(-4))).as("past the last token: around to the first").containsExactly("a", "b", "c");
    }

    @Test
    void preferenceListsHoldDistinctNodesAndAtMostTheRingsSize() {
        ClientRing ring = new ClientRing(1, 3, List.of(node("a", 10, 11, 12), node("b", 20)));
        assertThat(ids(ring.preferenceListAt(0))).containsExactly("a", "b");
        ClientRing wide = new ClientRing(1, 2, List.of(node("a", 10, 11, 12), node("b", 20), node("c", 30)));
        assertThat(ids(wide.preferenceListAt(11))).containsExactly("a", "b");
    }

    @Test
    void agreesWithAModelOnRandomKeysAndVirtualNodes() throws Exception {
        Random random = new Random(42);
        List<RingNode> nodes = new ArrayList<>();
        List<long[]> tokens = new ArrayList<>();
        for (int n = 0; n < 6; n++) {
            long[] own = random.longs(16).toArray();
            tokens.add(own);
            nodes.add(node("n" + n, own));
        }
        ClientRing ring = new ClientRing(7, 3, nodes);
        for (int i = 0; i < 1000; i++) {
            byte[] key = new byte[random.nextInt(20)];
            random.nextBytes(key);
            assertThat(ids(ring.preferenceList(key))).isEqualTo(model(key, tokens, 3));
        }
    }

    /** The clockwise walk with BigIntegers: sort all tokens, start at the first >= md5 position. */
    private static List<String> model(byte[] key, List<long[]> tokens, int n) throws Exception {
        BigInteger position = new BigInteger(1, Arrays.copyOf(MessageDigest.getInstance("MD5").digest(key), 8));
        List<BigInteger[]> all = new ArrayList<>();
        for (int node = 0; node < tokens.size(); node++) {
            for (long token : tokens.get(node)) {
                all.add(new BigInteger[] {new BigInteger(Long.toUnsignedString(token)), BigInteger.valueOf(node)});
            }
        }
        all.sort((x, y) -> x[0].compareTo(y[0]));
        int start = 0;
        while (start < all.size() && all.get(start)[0].compareTo(position) < 0) {
            start++;
        }
        List<String> chosen = new ArrayList<>();
        for (int step = 0; chosen.size() < n; step++) {
            String id = "n" + all.get((start + step) % all.size())[1];
            if (!chosen.contains(id)) {
                chosen.add(id);
            }
        }
        assertThat(position).isLessThan(TWO_64);
        return chosen;
    }

    @Test
    void aRingWithATokenTwiceIsRefused() {
        assertThatThrownBy(() -> new ClientRing(1, 3, List.of(node("a", 5), node("b", 5))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token 5");
    }
}
