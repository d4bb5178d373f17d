package dynamo.activemq;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer with the few encodings the wire format uses: raw bytes, fixed-width
 * big-endian integers, unsigned LEB128 varints (lengths, tags) and zigzag varints (signed numbers).
 * Not thread-safe: each sender thread owns one and reuses it from frame to frame.
 */
final class BinaryWriter {
    /** A buffer grown beyond this for one huge frame is not kept, so an idle link holds little memory. */
    private static final int RETAINED_CAPACITY = 256 * 1024;

    private final int initialCapacity;
    private byte[] buf;
    private int pos;

    BinaryWriter(int initialCapacity) {
        this.initialCapacity = initialCapacity;
        this.buf = new byte[initialCapacity];
    }

    void reset() {
        if (buf.length > RETAINED_CAPACITY) {
            buf = new byte[initialCapacity];
        }
        pos = 0;
    }

    int position() {
        return pos;
    }

    /** Rolls back to an earlier position (drops what was written after it). */
    void truncate(int position) {
        if (position < 0 || position > pos) {
            throw new IndexOutOfBoundsException(position);
        }
        pos = position;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    void writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    void writeBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    void writeFixedShort(int v) {
        ensure(2);
        putFixedShort(pos, v);
        pos += 2;
    }

    /** Overwrites two bytes written earlier (a count known only at the end). */
    void putFixedShort(int at, int v) {
        buf[at] = (byte) (v >>> 8);
        buf[at + 1] = (byte) v;
    }

    void writeFixedInt(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (v >>> shift);
        }
    }

    void writeFixedLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (v >>> shift);
        }
    }

    /** Unsigned LEB128: 7 bits a byte, low bits first, high bit set on all but the last byte. */
    void writeUnsignedVarint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /** Zigzag first, so that small negative numbers stay short too. */
    void writeSignedVarint(long v) {
        writeUnsignedVarint((v << 1) ^ (v >> 63));
    }

    /**
     * UTF-8 with its byte length + 1 in front (0 is null). Node ids and such are ASCII: those are
     * copied char by char without the intermediate byte[] of {@link String#getBytes}.
     */
    void writeNullableString(String s) {
        if (s == null) {
            writeByte(0);
            return;
        }
        int n = s.length();
        int start = pos;
        writeUnsignedVarint(n + 1L);
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                pos = start;
                writeNullableBytes(s.getBytes(StandardCharsets.UTF_8));
                return;
            }
            buf[pos++] = (byte) c;
        }
    }

    /** Length + 1 in front (0 is null), then the bytes as they are. */
    void writeNullableBytes(byte[] bytes) {
        if (bytes == null) {
            writeByte(0);
            return;
        }
        writeUnsignedVarint(bytes.length + 1L);
        writeBytes(bytes);
    }

    /**
     * Puts a varint in front of what was written since {@code at} (moving it up): a length prefix
     * for a message whose size is known only once encoded. Messages under 128 bytes leave room for
     * their one-byte prefix, so only large ones pay for the move.
     */
    void insertUnsignedVarint(int at, int reserved, long v) {
        int size = varintSize(v);
        if (size != reserved) {
            ensure(size - reserved);
            System.arraycopy(buf, at + reserved, buf, at + size, pos - at - reserved);
            pos += size - reserved;
        }
        int p = at;
        while ((v & ~0x7FL) != 0) {
            buf[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[p] = (byte) v;
    }

    static int varintSize(long v) {
        int size = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            size++;
        }
        return size;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }
}
