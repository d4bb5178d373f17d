package dynamo.core.antientropy;

/**
 * An arc (start, end] of ring positions. It wraps past zero when start >= end; start == end is the
 * whole ring (a one-token ring). Its Merkle leaves are equal-width slices in clockwise order.
 */
public record KeyRange(long start, long end) {

    public boolean contains(long position) {
        long offset = position - start;
        return start == end || (offset != 0 && Long.compareUnsigned(offset, end - start) <= 0);
    }

    /** The leaf (0 .. 2^depth - 1) that holds {@code position}, which must be inside this range. */
    public int bucketOf(long position, int depth) {
        if (depth == 0) {
            return 0;
        }
        long offset = position - start - 1;
        long width = end - start;
        long slice = width == 0 ? 1L << (Long.SIZE - depth) : ceilDivUnsigned(width, 1L << depth);
        return (int) Long.divideUnsigned(offset, slice);
    }

    private static long ceilDivUnsigned(long dividend, long divisor) {
        long quotient = Long.divideUnsigned(dividend, divisor);
        return Long.remainderUnsigned(dividend, divisor) == 0 ? quotient : quotient + 1;
    }
}
