package dynamo.core.version;

import static dynamo.core.version.Versions.clock;
import static dynamo.core.version.Versions.tag;
import static dynamo.core.version.Versions.tombstone;
import static dynamo.core.version.Versions.value;
import static dynamo.core.version.Versions.version;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class VersionResolverTest {

    @Nested
    class Linearizable {
        private final VersionResolver resolver = new VersionResolver(ConflictMode.LINEARIZABLE);

        @Test
        void keepsTheSingleHighestTag() {
            Versioned older = value("old", "a", 1);
            Versioned newer = value("new", "b", 2);

            assertThat(resolver.reconcile(List.of(older), List.of(newer))).containsExactly(newer);
            assertThat(resolver.reconcile(List.of(newer), List.of(older))).containsExactly(newer);
        }

        @Test
        void tagDecidesEvenBetweenConcurrentClocks() {
            Versioned fromA = value("a", version(clock("a", 5), tag(3, "a")));
            Versioned fromB = value("b", version(clock("b", 1), tag(3, "b")));

            assertThat(resolver.reconcile(List.of(fromB), List.of(fromA))).containsExactly(fromB);
        }

        @Test
        void aNewerTombstoneWins() {
            Versioned live = value("v", "a", 1);
            Versioned deleted = tombstone("a", 2);

            assertThat(resolver.reconcile(List.of(live), List.of(deleted))).containsExactly(deleted);
        }

        @Test
        void anOlderTombstoneLoses() {
            Versioned deleted = tombstone("a", 1);
            Versioned rewritten = value("v", "a", 2);

            assertThat(resolver.reconcile(List.of(deleted), List.of(rewritten))).containsExactly(rewritten);
        }

        @Test
        void nothingReconcilesToNothing() {
            assertThat(resolver.reconcile(List.of(), List.of())).isEmpty();
            Versioned v = value("v", "a", 1);
            assertThat(resolver.reconcile(List.of(), List.of(v))).containsExactly(v);
            assertThat(resolver.reconcile(List.of(v), List.of())).containsExactly(v);
        }

        @Test
        void newestOfSeveralAnswers() {
            Versioned v1 = value("1", "a", 1);
            Versioned v3 = value("3", "c", 3);
            Versioned v2 = value("2", "b", 2);

            assertThat(resolver.newest(List.of(List.of(v1), List.of(), List.of(v3), List.of(v2))))
                    .containsExactly(v3);
            assertThat(resolver.newest(List.of(List.of(), List.of()))).isEmpty();
            assertThat(resolver.newest(List.of())).isEmpty();
        }

        @Test
        void coversComparesTags() {
            Versioned current = value("v", version(clock("a", 1), tag(5, "a")));

            assertThat(resolver.covers(current.version(), List.of(current))).isTrue();
            assertThat(resolver.covers(version(clock("a", 1), tag(4, "z")), List.of(current))).isFalse();
            assertThat(resolver.covers(version(VectorClock.EMPTY, tag(6, "a")), List.of(current)))
                    .as("clocks are not consulted").isTrue();
            assertThat(resolver.covers(Version.NONE, List.of())).isTrue();
        }

        @Test
        void coversATombstoneOnlyWithItsTag() {
            Versioned deleted = tombstone("a", 3);

            assertThat(resolver.covers(version(clock("a", 2), tag(2, "a")), List.of(deleted))).isFalse();
            assertThat(resolver.covers(deleted.version(), List.of(deleted))).isTrue();
        }
    }

    @Nested
    class Siblings {
        private final VersionResolver resolver = new VersionResolver(ConflictMode.SIBLINGS);

        @Test
        void keepsConcurrentVersions() {
            Versioned fromA = value("a", "a", 1);
            Versioned fromB = value("b", "b", 1);

            assertThat(resolver.reconcile(List.of(fromA), List.of(fromB))).containsExactlyInAnyOrder(fromA, fromB);
        }

        @Test
        void dropsDominatedVersions() {
            Versioned fromA = value("a", "a", 1);
            Versioned fromB = value("b", "b", 1);
            Versioned resolved = value("ab", version(clock("a", 1, "b", 2), tag(2, "b")));

            assertThat(resolver.reconcile(List.of(fromA, fromB), List.of(resolved))).containsExactly(resolved);
            assertThat(resolver.reconcile(List.of(resolved), List.of(fromA))).containsExactly(resolved);
        }

        @Test
        void dominationIsByClockNotByTag() {
            Versioned descendant = value("child", version(clock("a", 2), tag(1, "a")));
            Versioned ancestor = value("parent", version(clock("a", 1), tag(9, "a")));

            assertThat(resolver.reconcile(List.of(ancestor), List.of(descendant))).containsExactly(descendant);
        }

        @Test
        void deduplicatesEqualClocks() {
            Versioned v = value("v", "a", 1);
            Versioned copy = value("v", "a", 1);

            assertThat(resolver.reconcile(List.of(v), List.of(copy))).hasSize(1).containsExactly(v);
            assertThat(resolver.reconcile(List.of(v), List.of(v))).hasSize(1);
        }

        @Test
        void equalClocksKeepTheHigherTag() {
            Versioned first = value("first", version(clock("a", 1), tag(1, "a")));
            Versioned rewrite = value("rewrite", version(clock("a", 1), tag(2, "a")));

            assertThat(resolver.reconcile(List.of(first), List.of(rewrite))).containsExactly(rewrite);
            assertThat(resolver.reconcile(List.of(rewrite), List.of(first))).containsExactly(rewrite);
        }

        @Test
        void aDominatingTombstoneReplacesTheValueAndAConcurrentOneStaysBeside() {
            Versioned live = value("v", "a", 1);
            Versioned deletedAfter = Versioned.tombstone(version(clock("a", 2), tag(2, "a")));
            Versioned deletedBeside = tombstone("b", 1);

            assertThat(resolver.reconcile(List.of(live), List.of(deletedAfter))).containsExactly(deletedAfter);
            assertThat(resolver.reconcile(List.of(live), List.of(deletedBeside)))
                    .containsExactlyInAnyOrder(live, deletedBeside);
        }

        @Test
        void newestOfSeveralAnswersKeepsEverySurvivor() {
            Versioned fromA = value("a", "a", 1);
            Versioned fromB = value("b", "b", 1);
            Versioned fromC = value("c", "c", 1);
            Versioned afterA = value("a2", "a", 2);

            assertThat(resolver.newest(List.of(List.of(fromA, fromB), List.of(fromC), List.of(afterA, fromB))))
                    .containsExactlyInAnyOrder(afterA, fromB, fromC);
        }

        @Test
        void coversComparesClocks() {
            Versioned fromA = value("a", "a", 1);
            Versioned fromB = value("b", "b", 1);
            Version merged = VersionResolver.summary(List.of(fromA, fromB));

            assertThat(resolver.covers(merged, List.of(fromA, fromB))).isTrue();
            assertThat(resolver.covers(fromA.version(), List.of(fromA, fromB))).isFalse();
            assertThat(resolver.covers(version(clock("a", 1), tag(99, "z")), List.of(fromB)))
                    .as("a higher tag does not cover a concurrent clock").isFalse();
            assertThat(resolver.covers(Version.NONE, List.of())).isTrue();
        }
    }

    @Test
    void summaryMergesClocksAndTakesTheHighestTag() {
        Versioned fromA = value("a", version(clock("a", 3), tag(3, "a")));
        Versioned fromB = value("b", version(clock("b", 1, "c", 2), tag(4, "b")));

        Version summary = VersionResolver.summary(List.of(fromA, fromB));

        assertThat(summary.clock()).isEqualTo(clock("a", 3, "b", 1, "c", 2));
        assertThat(summary.tag()).isEqualTo(tag(4, "b"));
        assertThat(VersionResolver.summary(List.of())).isEqualTo(Version.NONE);
    }

    @Test
    void highestTagAndMergedClockOfNothing() {
        assertThat(VersionResolver.highestTag(List.of())).isEqualTo(WriteTag.ZERO);
        assertThat(VersionResolver.mergedClock(List.of())).isEqualTo(VectorClock.EMPTY);
    }

    @Test
    void sameVersionsIgnoresOrderButNotCount() {
        Versioned fromA = value("a", "a", 1);
        Versioned fromB = value("b", "b", 1);

        assertThat(VersionResolver.sameVersions(List.of(fromA, fromB), List.of(fromB, fromA))).isTrue();
        assertThat(VersionResolver.sameVersions(List.of(fromA), List.of(fromA, fromB))).isFalse();
        assertThat(VersionResolver.sameVersions(List.of(fromA, fromB), List.of(fromA))).isFalse();
        assertThat(VersionResolver.sameVersions(List.of(), List.of())).isTrue();
        assertThat(VersionResolver.sameVersions(List.of(fromA), List.of(value("a", "a", 2)))).isFalse();
    }

    @Test
    void reportsItsMode() {
        assertThat(new VersionResolver(ConflictMode.SIBLINGS).mode()).isEqualTo(ConflictMode.SIBLINGS);
    }
}
