package dynamo.core.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.storage.KeyState;
import dynamo.core.version.Ballot;
import dynamo.core.version.VectorClock;
import dynamo.core.version.Version;
import dynamo.core.version.Versioned;
import dynamo.core.version.WriteTag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

public class AcceptorTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final long FLOOR = NOW - 86_400_000L;
    private static final Ballot B1 = new Ballot(NOW * 1000, "n1");
    private static final Ballot B2 = new Ballot(NOW * 1000 + 5, "n2");
    private static final Ballot B3 = new Ballot(NOW * 1000 + 9, "n1");

    public static Versioned value(String text, long counter) {
        return new Versioned(text.getBytes(StandardCharsets.UTF_8),
                new Version(VectorClock.EMPTY.increment("n1", NOW), new WriteTag(counter, "n1", counter)));
    }

    @Test
    void promisesABallotAboveEverythingSeenAndKeepsTheAcceptedValue() {
        KeyState stored = new KeyState(B1, B1, List.of(value("a", 1)));

        KeyState after = Acceptor.prepare(stored, B2);

        assertThat(Acceptor.promised(after, B2)).isTrue();
        assertThat(after.accepted()).isEqualTo(B1);
        assertThat(after.versions()).containsExactly(value("a", 1));
    }

    @Test
    void refusesToPromiseAnEqualOrLowerBallot() {
        KeyState stored = new KeyState(B2, B1, List.of());

        assertThat(Acceptor.promised(Acceptor.prepare(stored, B2), B2)).isTrue(); // unchanged: already B2
        assertThat(Acceptor.prepare(stored, B1)).isEqualTo(stored);
        assertThat(Acceptor.promised(Acceptor.prepare(stored, B1), B1)).isFalse();
    }

    @Test
    void acceptsAtOrAboveThePromiseAndPromisesTheNextBallotWithIt() {
        KeyState stored = new KeyState(B2, B1, List.of(value("a", 1)));

        KeyState after = Acceptor.accept(stored, B2, List.of(value("b", 2)), next(B2), FLOOR);

        assertThat(Acceptor.accepted(after, B2)).isTrue();
        assertThat(after.versions()).containsExactly(value("b", 2));
        assertThat(after.promised()).isEqualTo(next(B2));
    }

    @Test
    void rejectsAnAcceptBelowAHigherPromise() {
        KeyState stored = new KeyState(B3, B1, List.of(value("a", 1)));

        KeyState after = Acceptor.accept(stored, B2, List.of(value("b", 2)), Ballot.ZERO, FLOOR);

        assertThat(after).isEqualTo(stored);
        assertThat(Acceptor.accepted(after, B2)).isFalse();
    }

    @Test
    void aDuplicateOfAnOldAcceptAfterTheNextOneIsRefused() {
        KeyState first = Acceptor.accept(KeyState.EMPTY, B1, List.of(value("a", 1)), next(B1), FLOOR);
        KeyState second = Acceptor.accept(first, next(B1), List.of(value("b", 2)), next(next(B1)), FLOOR);

        KeyState replayed = Acceptor.accept(second, B1, List.of(value("a", 1)), next(B1), FLOOR);

        assertThat(replayed).isEqualTo(second);
    }

    @Test
    void aLateCopyMovesAReplicaForwardOnlyWithAHigherBallotNotBelowItsPromise() {
        KeyState behind = new KeyState(B1, B1, List.of(value("a", 1)));
        KeyState copied = Acceptor.lateCopy(behind, B2, List.of(value("b", 2)), FLOOR);
        assertThat(copied).isEqualTo(new KeyState(B2, B2, List.of(value("b", 2))));

        assertThat(Acceptor.lateCopy(copied, B1, List.of(value("a", 1)), FLOOR)).as("older copy").isEqualTo(copied);

        KeyState promisedHigher = new KeyState(B3, B1, List.of(value("a", 1)));
        assertThat(Acceptor.lateCopy(promisedHigher, B2, List.of(value("b", 2)), FLOOR)).as("below the promise")
                .isEqualTo(promisedHigher);
    }

    @Test
    void aLateCopyNeverPromisesOnItsOwn() {
        KeyState after = Acceptor.lateCopy(KeyState.EMPTY, B2, List.of(value("b", 2)), FLOOR);

        assertThat(after.promised()).isEqualTo(B2);
        assertThat(after.accepted()).isEqualTo(B2);
    }

    @Test
    void anAbsentKeyIsNotRecreatedByAnythingOlderThanTheTombstoneGrace() {
        Ballot ancient = new Ballot((FLOOR - 1) * 1000, "n3");

        assertThat(Acceptor.lateCopy(KeyState.EMPTY, ancient, List.of(value("old", 1)), FLOOR)).isEqualTo(KeyState.EMPTY);
        assertThat(Acceptor.accept(KeyState.EMPTY, ancient, List.of(value("old", 1)), Ballot.ZERO, FLOOR))
                .isEqualTo(KeyState.EMPTY);
        assertThat(Acceptor.lateCopy(KeyState.EMPTY, B1, List.of(value("new", 2)), FLOOR).versions())
                .as("a recent ballot may create it").containsExactly(value("new", 2));
    }

    @Test
    void aStoredTombstoneBlocksEveryOlderBallot() {
        Versioned tombstone = Versioned.tombstone(new Version(VectorClock.EMPTY, new WriteTag(5, "n2", 5)));
        KeyState deleted = new KeyState(B2, B2, List.of(tombstone));

        assertThat(Acceptor.lateCopy(deleted, B1, List.of(value("a", 1)), FLOOR)).isEqualTo(deleted);
        assertThat(Acceptor.accept(deleted, B1, List.of(value("a", 1)), Ballot.ZERO, FLOOR)).isEqualTo(deleted);
    }

    @Test
    void aStreamedCopyMovesAGainingReplicaForwardEvenPastAPromiseButNeverBack() {
        KeyState promisedOnly = new KeyState(B3, Ballot.ZERO, List.of());
        KeyState copied = Acceptor.streamedCopy(promisedOnly, B1, List.of(value("a", 1)));
        assertThat(copied.accepted()).isEqualTo(B1);
        assertThat(copied.promised()).as("the promise stays").isEqualTo(B3);
        assertThat(Acceptor.streamedCopy(copied, B1, List.of(value("x", 9)))).as("same ballot").isEqualTo(copied);
        KeyState newer = new KeyState(B2, B2, List.of(value("b", 2)));
        assertThat(Acceptor.streamedCopy(newer, B1, List.of(value("a", 1)))).as("older copy").isEqualTo(newer);
        assertThat(Acceptor.streamedCopy(KeyState.EMPTY, new Ballot(1, "n1"), List.of(value("old", 1))).accepted())
                .as("not fenced by the tombstone floor").isEqualTo(new Ballot(1, "n1"));
        assertThat(Acceptor.streamedCopy(promisedOnly, B1, List.of())).isEqualTo(promisedOnly);
    }

    private static Ballot next(Ballot b) {
        return new Ballot(b.counter() + 1, b.nodeId());
    }
}
