package dynamo.core.handoff;

import dynamo.core.storage.Concurrently;
import dynamo.core.storage.SampleVersions;
import static dynamo.core.storage.SampleVersions.bytes;
import static dynamo.core.storage.SampleVersions.counterOf;
import static dynamo.core.storage.SampleVersions.value;
import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.version.Versioned;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link HintStore} must do; run by a subclass per implementation. */
public abstract class HintStoreContract {
    protected HintStore hints;

    /** A fresh, empty hint store for one test. */
    protected abstract HintStore newHintStore();

    /** Releases what {@link #newHintStore} set up besides the store (runs after the store's close). */
    protected void release() {
    }

    @BeforeEach
    void openStore() {
        hints = newHintStore();
    }

    @AfterEach
    void closeStore() {
        hints.close();
        release();
    }

    @Test
    void emptyStoreHasNothing() {
        assertThat(hints.forTarget("node-b", 10)).isEmpty();
        assertThat(hints.targets()).isEmpty();
        assertThat(hints.count()).isZero();
    }

    @Test
    void updatedHintIsListedForItsTarget() {
        hints.update("node-b", bytes("k"), current -> List.of(value("v", 1)));

        List<Hint> listed = hints.forTarget("node-b", 10);

        assertThat(listed).singleElement().satisfies(h -> {
            assertThat(h.target()).isEqualTo("node-b");
            assertThat(h.key()).isEqualTo(bytes("k"));
            assertThat(h.versions()).containsExactly(value("v", 1));
        });
        assertThat(hints.targets()).containsExactly("node-b");
        assertThat(hints.count()).isEqualTo(1);
    }

    @Test
    void updateIsGivenTheCurrentHint() {
        hints.update("node-b", bytes("k"), current -> List.of(value("v1", 1)));

        hints.update("node-b", bytes("k"), current -> {
            assertThat(current).containsExactly(value("v1", 1));
            return List.of(value("v2", 2));
        });

        assertThat(hints.forTarget("node-b", 10)).singleElement()
                .satisfies(h -> assertThat(h.versions()).containsExactly(value("v2", 2)));
    }

    @Test
    void targetsWhoseIdsArePrefixesOfEachOtherStayApart() {
        hints.update("a", bytes("bc"), current -> List.of(value("a/bc", 1)));
        hints.update("ab", bytes("c"), current -> List.of(value("ab/c", 1)));
        hints.update("b", bytes(""), current -> List.of(value("b/", 1)));

        assertThat(hints.forTarget("a", 10)).extracting(Hint::key).containsExactly(bytes("bc"));
        assertThat(hints.forTarget("ab", 10)).extracting(Hint::key).containsExactly(bytes("c"));
        assertThat(hints.forTarget("b", 10)).extracting(Hint::versions)
                .containsExactly(List.of(value("b/", 1)));
        assertThat(hints.forTarget("", 10)).isEmpty();
        assertThat(hints.targets()).containsExactlyInAnyOrder("a", "ab", "b");
    }

    @Test
    void forTargetHonoursTheLimitInKeyOrder() {
        for (int i = 9; i >= 0; i--) {
            hints.update("node-c", bytes("key-" + i), current -> List.of(value("v", 1)));
        }
        hints.update("node-d", bytes("key-0"), current -> List.of(value("other", 1)));

        assertThat(hints.forTarget("node-c", 3)).extracting(Hint::key)
                .containsExactly(bytes("key-0"), bytes("key-1"), bytes("key-2"));
        assertThat(hints.forTarget("node-c", 100)).hasSize(10);
        assertThat(hints.forTarget("node-c", 0)).isEmpty();
    }

    @Test
    void sameKeyForTwoTargetsIsTwoHints() {
        hints.update("node-b", bytes("k"), current -> List.of(value("for b", 1)));
        hints.update("node-c", bytes("k"), current -> List.of(value("for c", 2)));

        assertThat(hints.count()).isEqualTo(2);
        assertThat(hints.forTarget("node-c", 10)).singleElement()
                .satisfies(h -> assertThat(h.versions()).containsExactly(value("for c", 2)));
    }

    @Test
    void deliveredHintIsRemoved() {
        hints.update("node-b", bytes("k"), current -> List.of(value("v", 1)));
        Hint delivered = hints.forTarget("node-b", 1).get(0);

        hints.removeIfUnchanged(delivered);

        assertThat(hints.forTarget("node-b", 10)).isEmpty();
        assertThat(hints.targets()).isEmpty();
        assertThat(hints.count()).isZero();
    }

    @Test
    void hintChangedSinceDeliveryStays() {
        hints.update("node-b", bytes("k"), current -> List.of(value("v1", 1)));
        Hint delivered = hints.forTarget("node-b", 1).get(0);
        hints.update("node-b", bytes("k"), current -> List.of(value("v2", 2)));

        hints.removeIfUnchanged(delivered);

        assertThat(hints.forTarget("node-b", 10)).singleElement()
                .satisfies(h -> assertThat(h.versions()).containsExactly(value("v2", 2)));
    }

    @Test
    void removingAnAbsentHintDoesNothing() {
        hints.update("node-b", bytes("other"), current -> List.of(value("v", 1)));

        hints.removeIfUnchanged(new Hint("node-b", bytes("k"), List.of(value("v", 1))));

        assertThat(hints.count()).isEqualTo(1);
    }

    @Test
    void emptyResultRemovesTheHint() {
        hints.update("node-b", bytes("k"), current -> List.of(value("v", 1)));

        hints.update("node-b", bytes("k"), current -> List.of());

        assertThat(hints.forTarget("node-b", 10)).isEmpty();
        assertThat(hints.count()).isZero();
    }

    @Test
    void targetsListsEachTargetOnce() {
        for (String target : List.of("node-é", "node-b", "node-c")) {
            for (int i = 0; i < 20; i++) {
                hints.update(target, new byte[] {(byte) 0xff, (byte) i}, current -> List.of(value("v", 1)));
            }
        }

        assertThat(hints.targets()).containsExactlyInAnyOrder("node-b", "node-c", "node-é");
        assertThat(hints.count()).isEqualTo(60);
    }

    @Test
    void concurrentUpdatesOfOneHintLoseNothing() throws Exception {
        Concurrently.run(8, t -> {
            for (int i = 0; i < 100; i++) {
                hints.update("node-b", bytes("k"), SampleVersions::increment);
            }
        });

        List<Versioned> stored = hints.forTarget("node-b", 1).get(0).versions();
        assertThat(counterOf(stored)).isEqualTo(800);
    }
}
