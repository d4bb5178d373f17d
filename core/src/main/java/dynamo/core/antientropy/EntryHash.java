package dynamo.core.antientropy;

import dynamo.core.version.Versioned;
import dynamo.core.version.WriteTag;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;

/**
 * The 64-bit digests a Merkle tree is made of (md5, first 8 bytes). A key's digest covers the key and,
 * for each version in tag order, its write tag and tombstone flag: in this store a tag names exactly
 * one value, so value bytes need not be hashed. Zero is reserved for "nothing here". Not thread-safe.
 */
final class EntryHash {
    private final MessageDigest md5;
    private final ByteBuffer longs = ByteBuffer.allocate(2 * Long.BYTES);

    EntryHash() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships MD5", e);
        }
    }

    long ofEntry(byte[] key, List<Versioned> versions) {
        putInt(key.length);
        md5.update(key);
        for (Versioned v : versions.stream().sorted(Comparator.comparing(Versioned::tag)).toList()) {
            WriteTag tag = v.tag();
            byte[] node = tag.nodeId().getBytes(StandardCharsets.UTF_8);
            putLongs(tag.counter(), tag.sequence());
            putInt(node.length);
            md5.update(node);
            md5.update((byte) (v.isTombstone() ? 1 : 0));
        }
        return finish();
    }

    /** Chains or pairs two digests; two empty halves stay empty. */
    long combine(long first, long second) {
        if (first == 0 && second == 0) {
            return 0;
        }
        putLongs(first, second);
        return finish();
    }

    private void putInt(int value) {
        md5.update(longs.clear().putInt(value).array(), 0, Integer.BYTES);
    }

    private void putLongs(long a, long b) {
        md5.update(longs.clear().putLong(a).putLong(b).array(), 0, 2 * Long.BYTES);
    }

    private long finish() {
        long h = ByteBuffer.wrap(md5.digest()).getLong();
        return h == 0 ? 1 : h;
    }
}
