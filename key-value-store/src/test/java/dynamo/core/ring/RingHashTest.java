package dynamo.core.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RingHashTest {

    /** The position computed the long way: md5, first 8 bytes, as an unsigned big-endian number. */
    private static BigInteger expectedPosition(byte[] bytes) throws Exception {
        byte[] digest = MessageDigest.getInstance("MD5").digest(bytes);
        return new BigInteger(1, Arrays.copyOf(digest, 8));
    }

    private static BigInteger unsigned(long position) {
        return new BigInteger(Long.toUnsignedString(position));
    }

    @Test
    void positionIsTheFirstEightBytesOfMd5AsUnsigned() throws Exception {
        for (String key : new String[] {"", "a", "hello", "key-42", "ключ", "\u0000\u00ff"}) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            assertThat(unsigned(RingHash.of(bytes))).as(key).isEqualTo(expectedPosition(bytes));
        }
    }

    @Test
    void knownMd5VectorGivesKnownPosition() {
        // md5("abc") = 900150983cd24fb0d6963f7d28e17f72 (RFC 1321 test suite)
        assertThat(Long.toUnsignedString(RingHash.of("abc".getBytes(StandardCharsets.UTF_8)), 16))
                .isEqualTo("900150983cd24fb0");
    }

    @Test
    void positionsAboveTwoToThe63AreNotNegativeInUnsignedOrder() throws Exception {
        // md5("abc") starts with 0x90: its signed long is negative, its ring position is in the upper half.
        byte[] abc = "abc".getBytes(StandardCharsets.UTF_8);
        long position = RingHash.of(abc);
        assertThat(position).isNegative();
        assertThat(unsigned(position)).isEqualTo(expectedPosition(abc)).isGreaterThan(BigInteger.ONE.shiftLeft(63));
    }

    @Test
    void textIsHashedAsUtf8() {
        assertThat(RingHash.of("nœud-1")).isEqualTo(RingHash.of("nœud-1".getBytes(StandardCharsets.UTF_8)));
    }
}
