package dynamo.core.epoch;

import dynamo.core.ring.Ring;
import java.util.function.Supplier;

/**
 * This node's ring: the newest config it has stored, and the ring built from it. It starts from the
 * stored config (the seed only on a node's very first start) and only ever moves to a newer epoch,
 * storing it before anyone can use it, so a restarted node never falls back to an older ring.
 */
public final class EpochRing implements Supplier<Ring> {
    private record Current(RingConfig config, Ring ring) {
    }

    private final RingConfigStore store;
    private volatile Current current;

    private EpochRing(RingConfigStore store, RingConfig config) {
        this.store = store;
        this.current = new Current(config, config.ring());
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

    public RingConfig config() {
        return current.config();
    }

    public long epoch() {
        return current.config().epoch();
    }

    /** Stores and switches to {@code next} if it is newer; returns whether it did. */
    public synchronized boolean install(RingConfig next) {
        if (!next.isNewerThan(current.config())) {
            return false;
        }
        Ring ring = next.ring();
        store.saveCurrent(next);
        current = new Current(next, ring);
        return true;
    }
}
