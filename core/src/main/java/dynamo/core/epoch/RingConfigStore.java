package dynamo.core.epoch;

import java.util.Optional;

/**
 * Where a node keeps its ring durably, apart from the data: its current config (what it starts from
 * after a restart, instead of discovery) and its acceptor state of the ring register. Each save is
 * durable when it returns, with the storage's durability.
 */
public interface RingConfigStore extends AutoCloseable {
    Optional<RingConfig> current();

    void saveCurrent(RingConfig config);

    RegisterState register();

    void saveRegister(RegisterState state);

    @Override
    default void close() {
    }
}
