package dynamo.core.antientropy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class KeyRangeTest {

    @Test
    void holdsPositionsAfterItsStartUpToAndIncludingItsEnd() {
        KeyRange range = new KeyRange(100, 200);
        assertThat(range.contains(100)).isFalse();
        assertThat(range.contains(101)).isTrue();
        assertThat(range.contains(200)).isTrue();
        assertThat(range.contains(201)).isFalse();
        assertThat(range.contains(-5)).as("a large unsigned position").isFalse();
    }

    @Test
    void aRangeWhoseStartIsNotBelowItsEndWrapsPastZero() {
        KeyRange range = new KeyRange(-100, 50);
        assertThat(range.contains(-99)).isTrue();
        assertThat(range.contains(-1)).isTrue();
        assertThat(range.contains(0)).isTrue();
        assertThat(range.contains(50)).isTrue();
        assertThat(range.contains(51)).isFalse();
        assertThat(range.contains(-100)).isFalse();
        assertThat(range.contains(Long.MIN_VALUE)).as("the middle of the ring").isFalse();
    }

    @Test
    void equalStartAndEndIsTheWholeRing() {
        KeyRange whole = new KeyRange(7, 7);
        assertThat(whole.contains(7)).isTrue();
        assertThat(whole.contains(8)).isTrue();
        assertThat(whole.contains(Long.MIN_VALUE)).isTrue();
    }

    @Test
    void bucketsAreEqualSlicesInClockwiseOrder() {
        KeyRange range = new KeyRange(0, 1024);
        assertThat(range.bucketOf(1, 10)).isZero();
        assertThat(range.bucketOf(2, 10)).isEqualTo(1);
        assertThat(range.bucketOf(1024, 10)).isEqualTo(1023);
        assertThat(range.bucketOf(1024, 2)).isEqualTo(3);
        assertThat(range.bucketOf(256, 2)).isZero();
        assertThat(range.bucketOf(257, 2)).isEqualTo(1);
        assertThat(range.bucketOf(500, 0)).as("depth 0 has one leaf").isZero();
    }

    @Test
    void aWrappingRangeNumbersItsBucketsFromItsStartAcrossZero() {
        KeyRange range = new KeyRange(-512, 512);
        assertThat(range.bucketOf(-511, 10)).isZero();
        assertThat(range.bucketOf(0, 10)).isEqualTo(511);
        assertThat(range.bucketOf(1, 10)).isEqualTo(512);
        assertThat(range.bucketOf(512, 10)).isEqualTo(1023);
    }

    @Test
    void everyPositionOfAnyRangeGetsABucketThatGrowsWithThePosition() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int trial = 0; trial < 2_000; trial++) {
            KeyRange range = new KeyRange(random.nextLong(), random.nextLong());
            int depth = random.nextInt(0, MerkleTree.MAX_DEPTH + 1);
            long width = range.end() - range.start();
            long a = range.start() + 1 + (width == 0 ? random.nextLong() : floorMod(random.nextLong(), width));
            long b = range.start() + 1 + (width == 0 ? random.nextLong() : floorMod(random.nextLong(), width));
            assertThat(range.contains(a)).isTrue();
            int ba = range.bucketOf(a, depth);
            int bb = range.bucketOf(b, depth);
            assertThat(ba).isBetween(0, (1 << depth) - 1);
            if (Long.compareUnsigned(a - range.start(), b - range.start()) <= 0) {
                assertThat(ba).isLessThanOrEqualTo(bb);
            }
        }
        assertThat(new KeyRange(5, 5).bucketOf(5, 10)).as("the token itself is the whole ring's last position")
                .isEqualTo(1023);
    }

    private static long floorMod(long value, long unsignedWidth) {
        return Long.remainderUnsigned(value, unsignedWidth);
    }
}
