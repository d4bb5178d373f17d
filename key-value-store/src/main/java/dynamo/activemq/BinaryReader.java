package dynamo.activemq;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link BinaryWriter} wrote, from a slice of a byte array, trusting nothing: every
 * read is bounds-checked, no length may promise more bytes than remain (so a bad length cannot
 * make us allocate much), varints may not run on, and nesting is bounded. Any violation is an
 * {@link IllegalArgumentException}.
 */
final class BinaryReader {
    /** Far above any real message's nesting; stops a crafted input from overflowing the stack. */
    private static final int MAX_DEPTH = 64;

    private final byte[] buf;
    private final int end;
    private int pos;
    private int depth;

    BinaryReader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buf.length) {
            throw new IllegalArgumentException("slice out of bounds");
        }
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    int remaining() {
        return end - pos;
    }

    int position() {
        return pos;
    }

    byte readByte() {
        need(1);
        return buf[pos++];
    }

    int readFixedShort() {
        return (int) readBigEndian(2);
    }

    int readFixedInt() {
        return (int) readBigEndian(4);
    }

    long readFixedLong() {
        return readBigEndian(8);
    }

    /** The next {@code bytes} bytes (at most 8) as a big-endian number. */
    private long readBigEndian(int bytes) {
        need(bytes);
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    long readUnsignedVarint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = readByte();
            if (shift == 63 && (b & 0xFE) != 0) {
                throw malformed("varint overflows 64 bits");
            }
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw malformed("varint longer than 10 bytes");
    }

    long readSignedVarint() {
        long v = readUnsignedVarint();
        return (v >>> 1) ^ -(v & 1);
    }

    /**
     * A length + 1 as written for nullable sized values: -1 for null, else the length, which is
     * at most the bytes that remain (each element of anything sized takes at least one byte).
     */
    int readNullableLength() {
        long raw = readUnsignedVarint();
        if (raw == 0) {
            return -1;
        }
        if (raw - 1 > remaining()) {
            throw malformed("length " + (raw - 1) + " exceeds the " + remaining() + " bytes left");
        }
        return (int) (raw - 1);
    }

    /** A length (not nullable) of bytes that must all be there. */
    int readLength() {
        long length = readUnsignedVarint();
        if (length > remaining()) {
            throw malformed("length " + length + " exceeds the " + remaining() + " bytes left");
        }
        return (int) length;
    }

    void skip(int n) {
        need(n);
        pos += n;
    }

    /** An exact count of bytes, which must all be there. */
    byte[] readBytes(int length) {
        need(length);
        byte[] bytes = Arrays.copyOfRange(buf, pos, pos + length);
        pos += length;
        return bytes;
    }

    String readUtf8(int length) {
        need(length);
        String s = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    /** Marks one level of nesting (a record's fields); pair with {@link #leave()}. */
    void enter() {
        if (++depth > MAX_DEPTH) {
            throw malformed("nested deeper than " + MAX_DEPTH);
        }
    }

    void leave() {
        depth--;
    }

    private void need(int n) {
        if (n < 0 || n > end - pos) {
            throw malformed("truncated: need " + n + " bytes, " + (end - pos) + " left");
        }
    }

    static IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("malformed message: " + why);
    }
}
