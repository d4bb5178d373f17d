package dynamo.core.ring;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Ring positions: the first 8 bytes of an md5 digest, read as an unsigned 64-bit number. */
public final class RingHash {
    private RingHash() {
    }

    public static long of(byte[] bytes) {
        return ByteBuffer.wrap(md5(bytes), 0, Long.BYTES).getLong();
    }

    public static long of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships MD5", e);
        }
    }
}
