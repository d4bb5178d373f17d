package dynamo.core.epoch;

import dynamo.core.operation.ReplicaSets;
import dynamo.core.ring.Ring;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * This node's ring: the newest config it has stored, and the ring built from it. It starts from the
 * stored config (the seed only on a node's very first start) and only ever moves to a newer epoch,
 * storing it before anyone can use it, so a restarted node never falls back to an older ring.
 */
public final class EpochRing implements Supplier<Ring> {
    private record Current(RingConfig config, Ring ring, Ring target) {
    }

    private record Waiter(long epoch, Runnable action) {
    }

    private final RingConfigStore store;
    private final List<Waiter> waiting = new ArrayList<>();
    private final List<Consumer<RingConfig>> listeners = new CopyOnWriteArrayList<>();
    private volatile Current current;

    private EpochRing(RingConfigStore store, RingConfig config) {
        this.store = store;
        this.current = new Current(config, config.ring(), config.target().orElse(null));
    }

    /** The stored config, or (first start) {@code seed}, stored at once. */
    public static EpochRing open(RingConfigStore store, Supplier<RingConfig> seed) {
        RingConfig config = store.current().orElseGet(() -> {
            RingConfig first = seed.get();
            store.saveCurrent(first);
            return first;
        });
        return new EpochRing(store, config);
    }

    @Override
    public Ring get() {
        return current.ring();
    }

    /**
     * The key's replicas at this epoch: its preference list, and during a move the list it moves to
     * (one snapshot of the config, so both lists come from the same epoch).
     */
    public ReplicaSets replicas(byte[] key, int n) {
        Current now = current;
        List<String> list = now.ring().preferenceList(key, n);
        return now.target() == null ? ReplicaSets.of(list)
                : new ReplicaSets(list, now.target().preferenceList(key, n));
    }

    /** The ring a move under way goes to, or null. */
    public Ring target() {
        return current.target();
    }

    public RingConfig config() {
        return current.config();
    }

    public long epoch() {
        return current.config().epoch();
    }

    /** Stores and switches to {@code next} if it is newer; returns whether it did. */
    public boolean install(RingConfig next) {
        List<Waiter> due = new ArrayList<>();
        synchronized (this) {
            if (!next.isNewerThan(current.config())) {
                return false;
            }
            Current built = new Current(next, next.ring(), next.target().orElse(null));
            store.saveCurrent(next);
            current = built;
            waiting.removeIf(w -> w.epoch() < next.epoch() && due.add(w));
        }
        due.forEach(w -> w.action().run());
        listeners.forEach(l -> l.accept(next));
        return true;
    }

    /** Calls {@code listener} with every config installed from now on (after it is stored and in use). */
    public void onInstall(Consumer<RingConfig> listener) {
        listeners.add(listener);
    }

    /**
     * Runs {@code action} (at once, or on the install that makes it true) once the epoch is above
     * {@code epoch}; the returned handle drops a waiting action (one whose caller gave up waiting).
     */
    public Runnable whenNewerThan(long epoch, Runnable action) {
        synchronized (this) {
            if (epoch() <= epoch) {
                Waiter waiter = new Waiter(epoch, action);
                waiting.add(waiter);
                return () -> {
                    synchronized (this) {
                        waiting.remove(waiter);
                    }
                };
            }
        }
        action.run();
        return () -> { };
    }
}
