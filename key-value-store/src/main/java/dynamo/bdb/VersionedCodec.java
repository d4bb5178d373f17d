package dynamo.bdb;

import dynamo.core.version.ClockEntry;
import dynamo.core.version.VectorClock;
import dynamo.core.version.Version;
import dynamo.core.version.Versioned;
import dynamo.core.version.WriteTag;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of a key's stored versions. Layout: format byte, then a varint count of versions; per
 * version a flag byte (1 = value present, 0 = tombstone), the value (varint length + bytes), the
 * clock (varint count of (node id, counter, timestamp)) and the tag (counter, node id, sequence).
 * Numbers are unsigned LEB128 varints: counters are small and timestamps fit in 6 bytes.
 */
public final class VersionedCodec {
    static final byte FORMAT = 1;
    private static final byte TOMBSTONE = 0;
    private static final byte VALUE = 1;

    private VersionedCodec() {
    }

    public static byte[] encode(List<Versioned> versions) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(estimateSize(versions));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writeVarLong(out, versions.size());
            for (Versioned v : versions) {
                writeVersioned(out, v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes what {@link #encode} wrote; rejects unknown formats and malformed input. */
    public static List<Versioned> decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown stored format " + format);
            }
            int count = readLength(in);
            List<Versioned> versions = new ArrayList<>(Math.min(count, 16));
            for (int i = 0; i < count; i++) {
                versions.add(readVersioned(in));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " trailing bytes in stored versions");
            }
            return List.copyOf(versions);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated stored versions", e);
        }
    }

    private static void writeVersioned(DataOutputStream out, Versioned v) throws IOException {
        if (v.isTombstone()) {
            out.writeByte(TOMBSTONE);
        } else {
            out.writeByte(VALUE);
            writeBytes(out, v.value());
        }
        List<ClockEntry> entries = v.clock().entries();
        writeVarLong(out, entries.size());
        for (ClockEntry e : entries) {
            writeString(out, e.nodeId());
            writeVarLong(out, e.counter());
            writeVarLong(out, e.timestamp());
        }
        WriteTag tag = v.tag();
        writeVarLong(out, tag.counter());
        writeString(out, tag.nodeId());
        writeVarLong(out, tag.sequence());
    }

    private static Versioned readVersioned(DataInputStream in) throws IOException {
        byte flag = in.readByte();
        if (flag != VALUE && flag != TOMBSTONE) {
            throw new IllegalArgumentException("bad version flag " + flag);
        }
        byte[] value = flag == VALUE ? readBytes(in) : null;
        int entries = readLength(in);
        List<ClockEntry> clock = new ArrayList<>(Math.min(entries, VectorClock.MAX_ENTRIES));
        for (int i = 0; i < entries; i++) {
            clock.add(new ClockEntry(readString(in), readVarLong(in), readVarLong(in)));
        }
        WriteTag tag = new WriteTag(readVarLong(in), readString(in), readVarLong(in));
        return new Versioned(value, new Version(new VectorClock(clock), tag));
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        writeVarLong(out, b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = readLength(in);
        if (length > in.available()) {
            throw new IllegalArgumentException("length " + length + " runs past the end");
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }

    /** Unsigned LEB128: 7 bits per byte, high bit set on all but the last; negatives take 10 bytes. */
    private static void writeVarLong(DataOutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.readByte();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    private static int readLength(DataInputStream in) throws IOException {
        long length = readVarLong(in);
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad length " + length);
        }
        return (int) length;
    }

    private static int estimateSize(List<Versioned> versions) {
        long size = 16;
        for (Versioned v : versions) {
            size += 64 + (v.isTombstone() ? 0 : v.value().length) + 32L * v.clock().entries().size();
        }
        return (int) Math.min(size, Integer.MAX_VALUE - 8);
    }
}
