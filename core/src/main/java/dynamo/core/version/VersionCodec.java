package dynamo.core.version;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The opaque version string clients see: URL-safe base64 of a small binary form of the vector clock
 * and the write tag. Decoding rejects anything malformed with {@link IllegalArgumentException}.
 */
public final class VersionCodec {
    private static final byte FORMAT = 1;

    private VersionCodec() {
    }

    public static String encode(Version version) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(version.tag().counter());
            out.writeUTF(version.tag().nodeId());
            out.writeLong(version.tag().sequence());
            out.writeByte(version.clock().entries().size());
            for (ClockEntry e : version.clock().entries()) {
                out.writeUTF(e.nodeId());
                out.writeLong(e.counter());
                out.writeLong(e.timestamp());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
    }

    public static Version decode(String text) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Base64.getUrlDecoder().decode(text)))) {
            if (in.readByte() != FORMAT) {
                throw new IllegalArgumentException("unknown version format");
            }
            WriteTag tag = new WriteTag(in.readLong(), in.readUTF(), in.readLong());
            int size = in.readUnsignedByte();
            if (size > VectorClock.MAX_ENTRIES) {
                throw new IllegalArgumentException("vector clock too long");
            }
            List<ClockEntry> entries = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                entries.add(new ClockEntry(in.readUTF(), in.readLong(), in.readLong()));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("trailing bytes");
            }
            return new Version(new VectorClock(entries), tag);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed version string", e);
        }
    }
}
