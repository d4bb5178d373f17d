package dynamo.bdb;

import com.sleepycat.je.Cursor;
import com.sleepycat.je.CursorConfig;
import com.sleepycat.je.Database;
import com.sleepycat.je.DatabaseEntry;
import com.sleepycat.je.Get;
import com.sleepycat.je.LockMode;
import com.sleepycat.je.OperationStatus;
import com.sleepycat.je.Transaction;
import dynamo.core.storage.KeyState;
import dynamo.core.storage.StoredEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A JE database of key bytes to encoded {@link KeyState}s: the atomic read-modify-write and
 * the short cursor reads that both the storage engine and the hint store are built on.
 */
final class VersionsDatabase implements AutoCloseable {
    private final BdbEnvironment environment;
    private final Database database;
    private final TransactionRetry retry;

    VersionsDatabase(BdbEnvironment environment, String name) {
        this.environment = environment;
        this.database = environment.openDatabase(name);
        this.retry = new TransactionRetry(database.getEnvironment());
    }

    KeyState get(byte[] key) {
        DatabaseEntry keyEntry = new DatabaseEntry(key);
        return retry.run(txn -> {
            DatabaseEntry data = new DatabaseEntry();
            OperationStatus status = database.get(txn, keyEntry, data, LockMode.READ_COMMITTED);
            return status == OperationStatus.SUCCESS ? VersionedCodec.decodeState(data.getData()) : KeyState.EMPTY;
        });
    }

    /**
     * Reads the key with a write lock (RMW) and writes the change in the same transaction. An absent
     * key locks nothing, so two writers could both see it absent: the insert is NO_OVERWRITE, and
     * the loser retries, then reads the winner's versions.
     */
    KeyState update(byte[] key, UnaryOperator<KeyState> change) {
        DatabaseEntry keyEntry = new DatabaseEntry(key);
        return retry.run(txn -> {
            DatabaseEntry data = new DatabaseEntry();
            boolean present = database.get(txn, keyEntry, data, LockMode.RMW) == OperationStatus.SUCCESS;
            KeyState current = present ? VersionedCodec.decodeState(data.getData()) : KeyState.EMPTY;
            KeyState next = Objects.requireNonNull(change.apply(current), "change result");
            if (next.equals(current)) {
                return next;
            }
            if (next.isEmpty()) {
                database.delete(txn, keyEntry);
            } else if (present) {
                database.put(txn, keyEntry, new DatabaseEntry(VersionedCodec.encode(next)));
            } else if (database.putNoOverwrite(txn, keyEntry, new DatabaseEntry(VersionedCodec.encode(next)))
                    == OperationStatus.KEYEXIST) {
                throw new TransactionRetry.RetryableConflict("key inserted concurrently");
            }
            return next;
        });
    }

    /** Deletes the key if its stored state satisfies {@code condition}; true if it deleted. */
    boolean removeIf(byte[] key, Predicate<KeyState> condition) {
        DatabaseEntry keyEntry = new DatabaseEntry(key);
        return retry.run(txn -> {
            DatabaseEntry data = new DatabaseEntry();
            if (database.get(txn, keyEntry, data, LockMode.RMW) != OperationStatus.SUCCESS
                    || !condition.test(VersionedCodec.decodeState(data.getData()))) {
                return false;
            }
            database.delete(txn, keyEntry);
            return true;
        });
    }

    /**
     * Up to {@code maxCount} entries (and about {@code maxBytes} of data, at least one entry) whose
     * keys start with {@code prefix} and follow {@code after} (from the prefix itself when null).
     * The cursor lives only for this call, with read-committed locking, so a slow consumer of many
     * batches never holds locks or cursors between them. Records holding only acceptor state (a
     * promise, no versions) are skipped: there is nothing to scan, compare or copy in them.
     */
    List<StoredEntry> read(byte[] prefix, byte[] after, int maxCount, long maxBytes) {
        if (maxCount <= 0) {
            return List.of();
        }
        return retry.run(txn -> {
            List<StoredEntry> batch = new ArrayList<>();
            DatabaseEntry key = new DatabaseEntry(after == null ? prefix : after);
            DatabaseEntry data = new DatabaseEntry();
            long bytes = 0;
            try (Cursor cursor = database.openCursor(txn, CursorConfig.READ_COMMITTED)) {
                boolean found = cursor.get(key, data, firstMove(key), null) != null;
                if (found && after != null && Arrays.equals(key.getData(), after)) {
                    found = cursor.get(key, data, Get.NEXT, null) != null;
                }
                while (found && startsWith(key.getData(), prefix) && batch.size() < maxCount && bytes < maxBytes) {
                    KeyState state = VersionedCodec.decodeState(data.getData());
                    if (!state.versions().isEmpty()) {
                        batch.add(new StoredEntry(key.getData(), state.versions(), state.accepted()));
                        bytes += key.getSize() + data.getSize();
                    }
                    found = cursor.get(key, data, Get.NEXT, null) != null;
                }
            }
            return batch;
        });
    }

    /** The first key at or after {@code from}, reading no data; null at the end. */
    byte[] firstKeyFrom(byte[] from) {
        return retry.run(txn -> {
            DatabaseEntry key = new DatabaseEntry(from);
            DatabaseEntry noData = new DatabaseEntry();
            noData.setPartial(0, 0, true);
            try (Cursor cursor = database.openCursor(txn, CursorConfig.READ_COMMITTED)) {
                return cursor.get(key, noData, firstMove(key), null) == null ? null : key.getData();
            }
        });
    }

    long count() {
        return database.count();
    }

    @Override
    public void close() {
        environment.closeDatabase(database);
    }

    /** An empty start key means the very first record. */
    private static Get firstMove(DatabaseEntry start) {
        return start.getSize() == 0 ? Get.FIRST : Get.SEARCH_GTE;
    }

    static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length
                && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
