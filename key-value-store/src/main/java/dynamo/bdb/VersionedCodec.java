package dynamo.bdb;

import dynamo.core.storage.KeyState;
import dynamo.core.version.Ballot;
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
 * Binary form of a key's stored state. Layout (format 2): format byte, the promised and the accepted
 * ballot (each a varint counter and a node id), then a varint count of versions; per
 * version a flag byte (1 = value present, 0 = tombstone), the value (varint length + bytes), the
 * clock (varint count of (node id, counter, timestamp)), the tag (counter, node id, sequence) and
 * the superseded tags (varint count, then tags).
 * Numbers are unsigned LEB128 varints: counters are small and timestamps fit in 6 bytes. Format 1
 * (the first release: no ballots) still decodes, with both ballots ZERO.
 */
public final class VersionedCodec {
    static final byte FORMAT = 2;
    static final byte FORMAT_WITHOUT_BALLOTS = 1;
    private static final byte TOMBSTONE = 0;
    private static final byte VALUE = 1;

    private VersionedCodec() {
    }

    public static byte[] encode(List<Versioned> versions) {
        return encode(KeyState.of(versions));
    }

    public static byte[] encode(KeyState state) {
        List<Versioned> versions = state.versions();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(estimateSize(versions));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writeBallot(out, state.promised());
            writeBallot(out, state.accepted());
            writeVarLong(out, versions.size());
            for (Versioned v : versions) {
                writeVersioned(out, v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The versions of what {@link #encode} wrote. */
    public static List<Versioned> decode(byte[] data) {
        return decodeState(data).versions();
    }

    /** Decodes what {@link #encode} wrote; rejects unknown formats and malformed input. */
    public static KeyState decodeState(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT && format != FORMAT_WITHOUT_BALLOTS) {
                throw new IllegalArgumentException("unknown stored format " + format);
            }
            Ballot promised = format == FORMAT ? readBallot(in) : Ballot.ZERO;
            Ballot accepted = format == FORMAT ? readBallot(in) : Ballot.ZERO;
            int count = readLength(in);
            List<Versioned> versions = new ArrayList<>(Math.min(count, 16));
            for (int i = 0; i < count; i++) {
                versions.add(readVersioned(in, format == FORMAT));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " trailing bytes in stored versions");
            }
            return new KeyState(promised, accepted, versions);
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
        writeTag(out, v.tag());
        writeVarLong(out, v.superseded().size());
        for (WriteTag t : v.superseded()) {
            writeTag(out, t);
        }
    }

    private static void writeTag(DataOutputStream out, WriteTag tag) throws IOException {
        writeVarLong(out, tag.counter());
        writeString(out, tag.nodeId());
        writeVarLong(out, tag.sequence());
    }

    private static WriteTag readTag(DataInputStream in) throws IOException {
        return new WriteTag(readVarLong(in), readString(in), readVarLong(in));
    }

    private static Versioned readVersioned(DataInputStream in, boolean withSuperseded) throws IOException {
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
        WriteTag tag = readTag(in);
        List<WriteTag> superseded = new ArrayList<>();
        int count = withSuperseded ? readLength(in) : 0;
        for (int i = 0; i < count; i++) {
            superseded.add(readTag(in));
        }
        return new Versioned(value, new Version(new VectorClock(clock), tag), superseded);
    }

    private static void writeBallot(DataOutputStream out, Ballot ballot) throws IOException {
        writeVarLong(out, ballot.counter());
        writeString(out, ballot.nodeId());
    }

    private static Ballot readBallot(DataInputStream in) throws IOException {
        return new Ballot(readVarLong(in), readString(in));
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
