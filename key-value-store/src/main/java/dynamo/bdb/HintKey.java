package dynamo.bdb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Record keys of the hint database: a 4-byte length of the target's UTF-8 id, the id, then the key
 * bytes. The length makes a target's prefix unambiguous (target "a" with key "bc" cannot meet target
 * "ab" with key "c"), so one target's hints are one contiguous key range.
 */
final class HintKey {
    private HintKey() {
    }

    static byte[] prefix(String target) {
        byte[] id = target.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + id.length).putInt(id.length).put(id).array();
    }

    static byte[] encode(String target, byte[] key) {
        byte[] prefix = prefix(target);
        byte[] record = Arrays.copyOf(prefix, prefix.length + key.length);
        System.arraycopy(key, 0, record, prefix.length, key.length);
        return record;
    }

    static String target(byte[] record) {
        int length = ByteBuffer.wrap(record).getInt();
        return new String(record, Integer.BYTES, length, StandardCharsets.UTF_8);
    }

    static byte[] key(byte[] record) {
        int length = ByteBuffer.wrap(record).getInt();
        return Arrays.copyOfRange(record, Integer.BYTES + length, record.length);
    }

    /** The least byte string greater than every string starting with {@code prefix}; null if none. */
    static byte[] after(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] next = Arrays.copyOf(prefix, i + 1);
                next[i]++;
                return next;
            }
        }
        return null;
    }
}
