package dynamo.core.epoch;

import java.util.Optional;

/** A ring store in memory that outlives its node, as a disk does: for in-process clusters. */
public final class InMemoryRingConfigStore implements RingConfigStore {
    private volatile RingConfig current;
    private volatile RegisterState register = RegisterState.EMPTY;

    @Override
    public Optional<RingConfig> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public void saveCurrent(RingConfig config) {
        current = config;
    }

    @Override
    public RegisterState register() {
        return register;
    }

    @Override
    public void saveRegister(RegisterState state) {
        register = state;
    }
}
