package dynamo.bdb;

import com.sleepycat.je.Database;
import com.sleepycat.je.DatabaseConfig;
import com.sleepycat.je.Environment;
import com.sleepycat.je.EnvironmentConfig;
import com.sleepycat.je.StatsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's transactional Berkeley DB JE environment in its own directory. Every file JE writes
 * (logs {@code *.jdb}, the lock file, {@code je.info.*}, {@code je.stat.csv}) lives in that
 * directory: JE 18.3's engine has no temp-file setting and never uses {@code java.io.tmpdir}
 * (only the offline {@code DbCacheSize} tool does), so nothing else needs a directory.
 */
public final class BdbEnvironment implements AutoCloseable {
    public static final long DEFAULT_CACHE_BYTES = 64L << 20;
    /** Log bytes between checkpoints: what a restart after a crash replays at most. */
    static final long CHECKPOINT_BYTES = 4_000_000;

    private final Path directory;
    private static final Logger LOG = LoggerFactory.getLogger(BdbEnvironment.class);

    private final Environment environment;
    private final List<Database> databases = new CopyOnWriteArrayList<>();

    public BdbEnvironment(Path directory) {
        this(directory, DEFAULT_CACHE_BYTES);
    }

    public BdbEnvironment(Path directory, long cacheBytes) {
        this(directory, cacheBytes, Durability.OS);
    }

    public BdbEnvironment(Path directory, long cacheBytes, Durability durability) {
        this.directory = createDirectory(directory);
        EnvironmentConfig config = new EnvironmentConfig()
                .setAllowCreate(true)
                .setTransactional(true);
        config.setCacheSize(cacheBytes);
        // Every transaction commits with the environment's durability (none sets its own): os, the
        // default, writes the log to the OS without fsync (survives kill -9, the crash the design
        // promises to survive; a power cut of the whole cluster could lose the last commits); sync
        // fsyncs before the commit returns, at the cost of an fsync per write.
        config.setDurability(durability.je());
        // A restart after kill -9 replays the log written since the last checkpoint: JE checkpoints
        // every 20 MB of log by default, which replays in 2-4 s on a busy host; every 4 MB bounds
        // that to a fifth for a few more checkpoint writes (each writes only the dirty tree nodes).
        config.setConfigParam(EnvironmentConfig.CHECKPOINTER_BYTES_INTERVAL, String.valueOf(CHECKPOINT_BYTES));
        // Opening replays the log since the last checkpoint (after kill -9) and fsyncs: logged, as a
        // large part of a restart's time on a busy host.
        long started = System.nanoTime();
        this.environment = new Environment(this.directory.toFile(), config);
        LOG.info("opened the JE environment in {} ({} ms, recovery included)", this.directory,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Opens (creating if needed) a transactional database; it is closed with the environment. */
    public Database openDatabase(String name) {
        DatabaseConfig config = new DatabaseConfig().setAllowCreate(true).setTransactional(true);
        Database database = environment.openDatabase(null, name, config);
        databases.add(database);
        return database;
    }

    /** Bytes JE's cache holds now (part of the heap, at most the configured cache size); 0 once closed. */
    public long cacheBytes() {
        return environment.isValid() ? environment.getStats(new StatsConfig().setFast(true)).getCacheTotalBytes() : 0;
    }

    /** Health check: false once the environment is closed or JE has invalidated it after a failure. */
    public boolean isValid() {
        return environment.isValid();
    }

    /** The durability every commit in this environment gets (JE's own value, for tests). */
    com.sleepycat.je.Durability commitDurability() {
        return environment.getConfig().getDurability();
    }

    /** fsyncs of the log so far (JE's statistics). */
    long logFsyncs() {
        return environment.getStats(null).getNLogFSyncs();
    }

    public Path directory() {
        return directory;
    }

    /** Closes a database opened here; harmless after the environment's own close. */
    void closeDatabase(Database database) {
        if (databases.remove(database) && environment.isValid()) {
            database.close();
        }
    }

    /** Closes the databases still open, then the environment (JE refuses the reverse order). */
    @Override
    public void close() {
        if (environment.isValid()) {
            for (Database database : databases) {
                database.close();
            }
        }
        databases.clear();
        environment.close();
        LOG.info("closed the JE environment in {}", directory);
    }

    private static Path createDirectory(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }
}
