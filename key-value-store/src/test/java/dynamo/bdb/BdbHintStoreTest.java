package dynamo.bdb;

import static dynamo.core.storage.SampleVersions.bytes;
import static dynamo.core.storage.SampleVersions.value;
import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.handoff.Hint;
import dynamo.core.handoff.HintStore;
import dynamo.core.handoff.HintStoreContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BdbHintStoreTest extends HintStoreContract {
    @TempDir
    Path dir;

    private BdbEnvironment environment;

    @Override
    protected HintStore newHintStore() {
        environment = new BdbEnvironment(dir.resolve("data"), 16L << 20);
        return new BdbHintStore(environment);
    }

    @Override
    protected void release() {
        environment.close();
    }

    @Test
    void hintsSurviveReopeningAndStayApartFromReplicaData() {
        hints.update("node-b", bytes("k"), current -> List.of(value("hinted", 1)));
        try (BdbStorageEngine engine = new BdbStorageEngine(environment)) {
            engine.update(bytes("k"), current -> List.of(value("replica", 1)));
        }
        hints.close();
        environment.close();

        environment = new BdbEnvironment(dir.resolve("data"), 16L << 20);
        hints = new BdbHintStore(environment);

        assertThat(hints.forTarget("node-b", 10)).extracting(Hint::versions)
                .containsExactly(List.of(value("hinted", 1)));
        try (BdbStorageEngine engine = new BdbStorageEngine(environment)) {
            assertThat(engine.get(bytes("k"))).containsExactly(value("replica", 1));
        }
    }
}
