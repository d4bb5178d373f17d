package dynamo.bdb;

import static dynamo.core.storage.SampleVersions.bytes;
import static dynamo.core.storage.SampleVersions.value;
import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.handoff.Hint;
import dynamo.core.handoff.HintStore;
import dynamo.core.handoff.HintStoreContract;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BdbHintStoreTest extends HintStoreContract {
    @RegisterExtension
    final TempEnvironment bdb = new TempEnvironment();

    @Override
    protected HintStore newHintStore() {
        return new BdbHintStore(bdb.open());
    }

    @Test
    void hintsSurviveReopeningAndStayApartFromReplicaData() {
        hints.update("node-b", bytes("k"), current -> List.of(value("hinted", 1)));
        try (BdbStorageEngine engine = new BdbStorageEngine(bdb.environment())) {
            engine.update(bytes("k"), current -> List.of(value("replica", 1)));
        }
        hints.close();

        hints = new BdbHintStore(bdb.reopen());

        assertThat(hints.forTarget("node-b", 10)).extracting(Hint::versions)
                .containsExactly(List.of(value("hinted", 1)));
        try (BdbStorageEngine engine = new BdbStorageEngine(bdb.environment())) {
            assertThat(engine.get(bytes("k"))).containsExactly(value("replica", 1));
        }
    }
}
