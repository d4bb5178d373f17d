package dynamo.bdb;

import dynamo.core.storage.StoredEntry;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;

/**
 * Walks a whole database in key order, one short cursor read per batch: memory stays bounded by
 * one batch, and between batches nothing (cursor, transaction, lock) is held, so an abandoned or
 * slowly consumed stream cannot block writers or the environment's close.
 */
final class BatchedScan extends Spliterators.AbstractSpliterator<StoredEntry> {
    static final int BATCH_COUNT = 256;
    static final long BATCH_BYTES = 4L << 20;
    private static final byte[] EVERYTHING = new byte[0];

    private final VersionsDatabase database;
    private Iterator<StoredEntry> batch = List.<StoredEntry>of().iterator();
    private byte[] lastKey;
    private boolean exhausted;

    /** Keys strictly after {@code afterKey}, found by a cursor seek; null: from the first key. */
    BatchedScan(VersionsDatabase database, byte[] afterKey) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL);
        this.database = database;
        this.lastKey = afterKey == null ? null : afterKey.clone();
    }

    @Override
    public boolean tryAdvance(Consumer<? super StoredEntry> action) {
        if (!batch.hasNext() && !exhausted) {
            List<StoredEntry> next = database.read(EVERYTHING, lastKey, BATCH_COUNT, BATCH_BYTES);
            exhausted = next.isEmpty();
            batch = next.iterator();
        }
        if (!batch.hasNext()) {
            return false;
        }
        StoredEntry entry = batch.next();
        lastKey = entry.key().clone();
        action.accept(entry);
        return true;
    }
}
