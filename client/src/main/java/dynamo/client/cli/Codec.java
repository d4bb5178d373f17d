package dynamo.client.cli;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Keys and values on the command line: UTF-8 text, or base64 (standard or URL-safe) with {@code --base64}. */
record Codec(boolean base64) {
    byte[] in(String text, String what) {
        if (!base64) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        String standard = text.replace('-', '+').replace('_', '/');
        try {
            return Base64.getDecoder().decode(standard);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(what + " is not base64: " + text);
        }
    }

    String out(byte[] bytes) {
        return base64 ? Base64.getEncoder().encodeToString(bytes) : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Bad input from the command line: exit code 3. */
    static final class BadInputException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadInputException(String message) {
            super(message);
        }
    }
}
