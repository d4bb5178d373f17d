package dynamo.core.storage;

import java.util.function.UnaryOperator;

/** One key's change in a batch: what {@link StorageEngine#updateState} takes for a single key. */
public record KeyUpdate(byte[] key, UnaryOperator<KeyState> change) {
}
