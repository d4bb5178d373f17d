package dynamo.core.move;

import dynamo.core.ring.Ring;
import dynamo.core.storage.KeyState;
import dynamo.core.storage.StorageEngine;
import dynamo.core.storage.StoredEntry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * After a move, a node drops the keys of the ranges it no longer replicates. It scans in batches and
 * deletes between them, so that no storage cursor stays open while it writes and memory holds one batch.
 */
final class KeyCleanup {
    static final int BATCH = 1000;

    private KeyCleanup() {
    }

    /** Removes every key whose preference list on {@code ring} leaves {@code self} out; returns how many. */
    static long dropNotReplicated(StorageEngine storage, Ring ring, int n, String self) {
        long dropped = 0;
        byte[] after = null;
        while (true) {
            List<byte[]> doomed = new ArrayList<>();
            boolean more = false;
            try (Stream<StoredEntry> entries = after == null ? storage.scan() : storage.scanAfter(after)) {
                Iterator<StoredEntry> it = entries.iterator();
                int seen = 0;
                while (it.hasNext()) {
                    if (seen++ >= BATCH) {
                        more = true;
                        break;
                    }
                    byte[] key = it.next().key();
                    after = key;
                    if (!ring.preferenceList(key, n).contains(self)) {
                        doomed.add(key);
                    }
                }
            }
            for (byte[] key : doomed) {
                storage.updateState(key, s -> KeyState.EMPTY);
                dropped++;
            }
            if (!more) {
                return dropped;
            }
        }
    }
}
