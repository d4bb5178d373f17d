package dynamo.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Base64TextTest {
    /** Bytes whose base64 uses the alphabet-specific characters: standard "+/", URL-safe "-_". */
    private static final byte[] SPECIAL = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 0x01};

    @Test
    void decodesTheUrlSafeAlphabetWithAndWithoutPadding() {
        String padded = Base64.getUrlEncoder().encodeToString(SPECIAL);
        String unpadded = Base64.getUrlEncoder().withoutPadding().encodeToString(SPECIAL);
        assertThat(padded).contains("-").contains("_").endsWith("==");

        assertThat(Base64Text.decode(padded)).isEqualTo(SPECIAL);
        assertThat(Base64Text.decode(unpadded)).isEqualTo(SPECIAL);
    }

    @Test
    void decodesTheStandardAlphabetWithAndWithoutPadding() {
        String padded = Base64.getEncoder().encodeToString(SPECIAL);
        String unpadded = Base64.getEncoder().withoutPadding().encodeToString(SPECIAL);
        assertThat(padded).contains("+").contains("/");

        assertThat(Base64Text.decode(padded)).isEqualTo(SPECIAL);
        assertThat(Base64Text.decode(unpadded)).isEqualTo(SPECIAL);
    }

    @Test
    void encodesInTheStandardAlphabetWithPadding() {
        assertThat(Base64Text.encode(SPECIAL)).isEqualTo("+/+/AQ==");
        assertThat(Base64Text.encode(new byte[0])).isEmpty();
    }

    @Test
    void roundTripsEveryByte() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertThat(Base64Text.decode(Base64Text.encode(all))).isEqualTo(all);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "abc$", "ab cd", "a===", "%2B%2F", "é"})
    void rejectsWhatIsNotBase64(String text) {
        assertThatThrownBy(() -> Base64Text.decode(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
