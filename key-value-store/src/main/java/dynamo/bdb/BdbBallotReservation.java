package dynamo.bdb;

import com.sleepycat.je.Database;
import com.sleepycat.je.DatabaseEntry;
import com.sleepycat.je.LockMode;
import com.sleepycat.je.OperationStatus;
import dynamo.core.version.BallotReservation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The ballot reservation in a database of its own ("ballots"): one record, an 8-byte big-endian
 * counter, put in one auto-commit transaction with the environment's durability (the acceptors'
 * promises in the same environment have no more than that either). {@code BallotClock} calls
 * {@link #reserve} on a thread of its own while serving: a commit may block on a stalled disk.
 */
public final class BdbBallotReservation implements BallotReservation, AutoCloseable {
    static final String DATABASE = "ballots";
    private static final byte[] KEY = "reserved".getBytes(StandardCharsets.US_ASCII);

    private final BdbEnvironment environment;
    private final Database database;

    public BdbBallotReservation(BdbEnvironment environment) {
        this.environment = environment;
        this.database = environment.openDatabase(DATABASE);
    }

    @Override
    public long reserved() {
        DatabaseEntry data = new DatabaseEntry();
        OperationStatus status = database.get(null, new DatabaseEntry(KEY), data, LockMode.DEFAULT);
        return status == OperationStatus.SUCCESS ? ByteBuffer.wrap(data.getData()).getLong() : 0;
    }

    @Override
    public void reserve(long upTo) {
        database.put(null, new DatabaseEntry(KEY), new DatabaseEntry(ByteBuffer.allocate(Long.BYTES).putLong(upTo).array()));
    }

    @Override
    public void close() {
        environment.closeDatabase(database);
    }
}
