package dynamo.bdb;

import com.sleepycat.je.Database;
import com.sleepycat.je.DatabaseEntry;
import com.sleepycat.je.LockMode;
import com.sleepycat.je.OperationStatus;
import dynamo.core.epoch.RegisterState;
import dynamo.core.epoch.RingConfig;
import dynamo.core.epoch.RingConfigCodec;
import dynamo.core.epoch.RingConfigStore;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The ring config and the ring register's acceptor state in a database of their own ("ring") in the
 * node's environment: two records, never seen by the data store's scans, anti-entropy or hints,
 * each put one auto-commit transaction with the environment's durability.
 */
public final class BdbRingConfigStore implements RingConfigStore {
    static final String DATABASE = "ring";
    private static final byte[] CURRENT = "current".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REGISTER = "register".getBytes(StandardCharsets.US_ASCII);

    private final BdbEnvironment environment;
    private final Database database;

    public BdbRingConfigStore(BdbEnvironment environment) {
        this.environment = environment;
        this.database = environment.openDatabase(DATABASE);
    }

    @Override
    public Optional<RingConfig> current() {
        return read(CURRENT).map(RingConfigCodec::decode);
    }

    @Override
    public void saveCurrent(RingConfig config) {
        write(CURRENT, RingConfigCodec.encode(config));
    }

    @Override
    public RegisterState register() {
        return read(REGISTER).map(RingConfigCodec::decodeRegister).orElse(RegisterState.EMPTY);
    }

    @Override
    public void saveRegister(RegisterState state) {
        write(REGISTER, RingConfigCodec.encode(state));
    }

    private Optional<byte[]> read(byte[] key) {
        DatabaseEntry data = new DatabaseEntry();
        OperationStatus status = database.get(null, new DatabaseEntry(key), data, LockMode.DEFAULT);
        return status == OperationStatus.SUCCESS ? Optional.of(data.getData()) : Optional.empty();
    }

    private void write(byte[] key, byte[] value) {
        database.put(null, new DatabaseEntry(key), new DatabaseEntry(value));
    }

    @Override
    public void close() {
        environment.closeDatabase(database);
    }
}
