package dynamo.core.version;

import static dynamo.core.version.Versions.clock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionCodecTest {
    private static final Version SAMPLE = new Version(clock("n1", 3, "n2", 1), new WriteTag(4, "n1", 77));

    private static byte[] raw(String encoded) {
        return Base64.getUrlDecoder().decode(encoded);
    }

    private static String text(byte[] raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    @Test
    void roundTripsTheEmptyVersion() {
        assertThat(VersionCodec.decode(VersionCodec.encode(Version.NONE))).isEqualTo(Version.NONE);
    }

    @Test
    void roundTripsAFullClock() {
        VectorClock c = VectorClock.EMPTY;
        for (int i = 0; i < VectorClock.MAX_ENTRIES; i++) {
            c = c.increment("node-" + i, 1_700_000_000_000L + i).increment("node-" + i, Long.MAX_VALUE - i);
        }
        Version v = new Version(c, new WriteTag(Long.MAX_VALUE, "node-3", Long.MIN_VALUE));

        assertThat(c.entries()).hasSize(10);
        assertThat(VersionCodec.decode(VersionCodec.encode(v))).isEqualTo(v);
    }

    @Test
    void roundTripsUnicodeNodeIds() {
        VectorClock c = VectorClock.EMPTY.increment("nœud-ü", 1).increment("節点", 2).increment("🚀-node", 3);
        Version v = new Version(c, new WriteTag(9, "🚀-node", 1));

        assertThat(VersionCodec.decode(VersionCodec.encode(v))).isEqualTo(v);
    }

    @Test
    void encodesAsUrlSafeBase64WithoutPadding() {
        for (int i = 0; i < 20; i++) {
            Version v = new Version(clock("n" + i, i + 1), new WriteTag(i, "x".repeat(i), i * 31L));
            assertThat(VersionCodec.encode(v)).matches("[A-Za-z0-9_-]+");
        }
    }

    @Test
    void sameVersionEncodesToTheSameString() {
        assertThat(VersionCodec.encode(SAMPLE))
                .isEqualTo(VersionCodec.encode(new Version(clock("n1", 3, "n2", 1), new WriteTag(4, "n1", 77))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!not base64!!!", "abc$def", "A", "aGVsbG8gd29ybGQ", "AQ"})
    void rejectsGarbage(String text) {
        assertThatThrownBy(() -> VersionCodec.decode(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsATruncatedString() {
        byte[] full = raw(VersionCodec.encode(SAMPLE));
        for (int length = 1; length < full.length; length++) {
            String truncated = text(Arrays.copyOf(full, length));
            assertThatThrownBy(() -> VersionCodec.decode(truncated)).as("first %d bytes", length)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] full = raw(VersionCodec.encode(SAMPLE));
        byte[] longer = Arrays.copyOf(full, full.length + 1);

        assertThatThrownBy(() -> VersionCodec.decode(text(longer))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAnUnknownFormatByte() {
        byte[] bytes = raw(VersionCodec.encode(SAMPLE));
        bytes[0] = 2;

        assertThatThrownBy(() -> VersionCodec.decode(text(bytes))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAClockLongerThanTheLimit() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(1);
            out.writeUTF("n");
            out.writeLong(1);
            out.writeByte(VectorClock.MAX_ENTRIES + 1);
            for (int i = 0; i <= VectorClock.MAX_ENTRIES; i++) {
                out.writeUTF("n" + i);
                out.writeLong(1);
                out.writeLong(1);
            }
        }
        String encoded = text(bytes.toByteArray());

        assertThatThrownBy(() -> VersionCodec.decode(encoded)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesWhatItEncodedForManyShapes() {
        for (int size = 0; size <= VectorClock.MAX_ENTRIES; size++) {
            VectorClock c = VectorClock.EMPTY;
            for (int i = 0; i < size; i++) {
                c = c.increment("n" + i, i);
            }
            Version v = new Version(c, new WriteTag(size, "w", -size));
            assertThat(VersionCodec.decode(VersionCodec.encode(v))).isEqualTo(v);
            assertThat(VersionCodec.decode(VersionCodec.encode(v)).clock().entries()).isEqualTo(List.copyOf(c.entries()));
        }
    }
}
