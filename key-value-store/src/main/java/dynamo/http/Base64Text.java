package dynamo.http;

import java.util.Base64;

/**
 * Keys and values travel as base64. Clients may use the URL-safe alphabet (RFC 4648 section 5) or the
 * standard one, with or without padding; we always answer in the standard alphabet.
 */
public final class Base64Text {
    private Base64Text() {
    }

    /** Decodes either alphabet; {@link IllegalArgumentException} for anything else. */
    public static byte[] decode(String text) {
        String standard = text.replace('-', '+').replace('_', '/');
        return Base64.getDecoder().decode(standard);
    }

    public static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
