package dynamo.client.ring;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A key's ring position: the first 8 bytes of md5 of its bytes, an unsigned 64-bit number (held in a long). */
public final class KeyPosition {
    private KeyPosition() {
    }

    public static long of(byte[] key) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("MD5").digest(key), 0, Long.BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships MD5", e);
        }
    }
}
