package dynamo.bdb;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.epoch.EpochRing;
import dynamo.core.epoch.RegisterState;
import dynamo.core.epoch.RingConfig;
import dynamo.core.ring.RingLayout;
import dynamo.core.version.Ballot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BdbRingConfigStoreTest {
    private static final RingLayout LAYOUT = new RingLayout.Partitions(256, 3);
    private static final List<String> IDS = List.of("node1", "node2", "node3", "node4", "node5");

    @TempDir
    Path dir;

    @Test
    void aRestartedEngineReadsTheConfigAndTheRegisterBack() {
        RingConfig config = RingConfig.following(3, IDS, LAYOUT);
        RegisterState state = new RegisterState(new Ballot(7, "node2"), new Ballot(6, "node2"), config);
        try (BdbEnvironment env = new BdbEnvironment(dir); BdbRingConfigStore store = new BdbRingConfigStore(env)) {
            assertThat(store.current()).isEmpty();
            assertThat(store.register()).isEqualTo(RegisterState.EMPTY);
            store.saveCurrent(config);
            store.saveRegister(state);
        }
        try (BdbEnvironment env = new BdbEnvironment(dir); BdbRingConfigStore store = new BdbRingConfigStore(env)) {
            assertThat(store.current()).contains(config);
            assertThat(store.register()).isEqualTo(state);
        }
    }

    @Test
    void aNodeWhoseStoredEpochIsFiveDoesNotFallBackToTheSeed() {
        RingConfig five = RingConfig.following(5, IDS, LAYOUT);
        try (BdbEnvironment env = new BdbEnvironment(dir); BdbRingConfigStore store = new BdbRingConfigStore(env)) {
            EpochRing ring = EpochRing.open(store, () -> RingConfig.seed(IDS, LAYOUT));
            assertThat(ring.epoch()).as("first start: the seed").isEqualTo(1);
            assertThat(ring.install(five)).isTrue();
            assertThat(ring.install(RingConfig.following(4, IDS, LAYOUT))).as("never backwards").isFalse();
        }
        try (BdbEnvironment env = new BdbEnvironment(dir); BdbRingConfigStore store = new BdbRingConfigStore(env)) {
            EpochRing ring = EpochRing.open(store, () -> RingConfig.seed(List.of("elsewhere"), LAYOUT));
            assertThat(ring.epoch()).isEqualTo(5);
            assertThat(ring.config()).isEqualTo(five);
            assertThat(ring.get().owners()).isEqualTo(five.ring().owners());
        }
    }

    @Test
    void theRingRecordsAreNotInTheDataStore() {
        try (BdbEnvironment env = new BdbEnvironment(dir); BdbRingConfigStore store = new BdbRingConfigStore(env)) {
            BdbStorageEngine data = new BdbStorageEngine(env);
            store.saveCurrent(RingConfig.seed(IDS, LAYOUT));
            store.saveRegister(new RegisterState(new Ballot(1, "node1"), Ballot.ZERO, null));
            try (var all = data.scan()) {
                assertThat(all).isEmpty();
            }
            data.close();
        }
    }
}
