package dynamo.bdb;

import com.sleepycat.je.Environment;
import com.sleepycat.je.LockConflictException;
import com.sleepycat.je.Transaction;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Runs work in a JE transaction, committing on success and aborting on failure. A lock conflict
 * (deadlock, lock timeout) or a lost insert race aborts and runs the work again, a bounded number of
 * times: the work must therefore be repeatable.
 */
final class TransactionRetry {
    static final int MAX_ATTEMPTS = 10;

    private final Environment environment;

    TransactionRetry(Environment environment) {
        this.environment = environment;
    }

    <T> T run(Function<Transaction, T> work) {
        for (int attempt = 1; ; attempt++) {
            Transaction txn = environment.beginTransaction(null, null);
            try {
                T result = work.apply(txn);
                txn.commit();
                return result;
            } catch (LockConflictException | RetryableConflict e) {
                abortQuietly(txn);
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                backOff(attempt);
            } catch (RuntimeException | Error e) {
                abortQuietly(txn);
                throw e;
            }
        }
    }

    private static void abortQuietly(Transaction txn) {
        Transaction.State state = txn.getState();
        if (state != Transaction.State.COMMITTED && state != Transaction.State.ABORTED) {
            try {
                txn.abort();
            } catch (RuntimeException ignored) {
                // The original failure is the one worth reporting.
            }
        }
    }

    /** A short random pause so that colliding transactions do not collide again at once. */
    private static void backOff(int attempt) {
        long maxMicros = 100L << Math.min(attempt, 6);
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxMicros) * 1_000);
    }

    /** Thrown by work that found the database changed under it (e.g. a concurrent insert of its key). */
    static final class RetryableConflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RetryableConflict(String message) {
            super(message, null, false, false);
        }
    }
}
