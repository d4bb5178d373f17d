package dynamo.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dynamo.core.operation.ManualExecutor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The ballot reservation: durable before a ballot leaves, saved off the caller's thread, refused rather than waited for. */
class BallotClockTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final long SECOND = 1_000_000; // of counter

    private final InMemoryBallotReservation disk = new InMemoryBallotReservation();
    private final ManualExecutor writer = new ManualExecutor();

    private BallotClock open(long nowMillis) {
        return BallotClock.open("n1", disk, writer, nowMillis);
    }

    @Test
    void openingSavesAFirstReservationAWindowAheadOnTheCallersThread() {
        open(NOW);

        assertThat(disk.saves()).isEqualTo(1);
        assertThat(disk.reserved()).isEqualTo(NOW * 1000 + BallotClock.WINDOW);
        assertThat(writer.pending()).isZero();
    }

    @Test
    void aRestartedNodeStartsAboveTheStoredReservationEvenThoughItRanAheadOfItsClock() {
        Ballot peerAhead = new Ballot((NOW + 20_000) * 1000, "n2"); // a peer whose clock is 20 s ahead
        Ballot lastBeforeCrash = open(NOW).above(peerAhead, NOW);
        long stored = disk.reserved();

        Ballot firstAfterRestart = open(NOW + 1_000).above(Ballot.ZERO, NOW + 1_000); // up again 1 s later

        assertThat(firstAfterRestart).isGreaterThan(lastBeforeCrash);
        assertThat(firstAfterRestart.counter()).isGreaterThan(stored);
    }

    @Test
    void aRestartedNodeWhoseClockSteppedBackStillStartsAboveItsOldBallots() {
        Ballot lastBeforeCrash = open(NOW).above(Ballot.ZERO, NOW);

        assertThat(open(NOW - 60_000).above(Ballot.ZERO, NOW - 60_000)).isGreaterThan(lastBeforeCrash);
    }

    @Test
    void theReservationIsExtendedOnTheWriterOnceTheCounterPassesTheMiddleOfTheWindow() {
        BallotClock clock = open(NOW);
        long first = disk.reserved();

        for (int ms = 0; ms <= 15_000; ms += 10) {
            clock.above(Ballot.ZERO, NOW + ms);
        }
        assertThat(writer.pending()).as("up to the middle: nothing to save").isZero();

        Ballot past = clock.above(Ballot.ZERO, NOW + 15_001);
        clock.above(Ballot.ZERO, NOW + 16_000);
        assertThat(writer.pending()).as("one save at a time").isEqualTo(1);
        assertThat(disk.saves()).as("not on the caller's thread").isEqualTo(1);
        assertThat(disk.reserved()).isEqualTo(first);

        writer.runAll();
        assertThat(disk.saves()).isEqualTo(2);
        assertThat(disk.reserved()).isGreaterThanOrEqualTo(past.counter() + BallotClock.WINDOW);
    }

    @Test
    void noBallotBeyondTheSavedReservationLeavesWhileItsSaveIsPending() {
        BallotClock clock = open(NOW);
        clock.above(Ballot.ZERO, NOW + 20_000); // asks for the next save, which stays pending (a stalled disk)
        long saved = disk.reserved();

        assertThatThrownBy(() -> clock.above(Ballot.ZERO, NOW + 31_000)).isInstanceOf(BallotsNotReserved.class);
        assertThat(clock.refusals()).isEqualTo(1);
        assertThat(disk.reserved()).isEqualTo(saved);
        assertThat(writer.pending()).isEqualTo(1);

        writer.runAll();
        Ballot after = clock.above(Ballot.ZERO, NOW + 31_000);
        assertThat(after.counter()).isLessThanOrEqualTo(disk.reserved());
    }

    @Test
    void upToTheSavedReservationBallotsLeaveAtOnceWhileASaveIsPending() {
        BallotClock clock = open(NOW);
        clock.above(Ballot.ZERO, NOW + 20_000);

        Ballot last = clock.above(Ballot.ZERO, NOW + 30_000); // exactly the saved reservation

        assertThat(last.counter()).isEqualTo(disk.reserved());
        assertThat(clock.refusals()).isZero();
    }

    @Test
    void aFloorFarAheadIsRefusedUntilTheReservationJumpedThenFollowed() {
        BallotClock clock = open(NOW);
        Ballot farAhead = new Ballot((NOW + 600_000) * 1000, "n2"); // a peer 10 min ahead

        assertThatThrownBy(() -> clock.above(farAhead, NOW)).isInstanceOf(BallotsNotReserved.class);
        writer.runAll();
        Ballot followed = clock.above(farAhead, NOW);

        assertThat(followed).isGreaterThan(farAhead);
        assertThat(followed.counter()).isLessThanOrEqualTo(disk.reserved());
        assertThat(disk.saves()).isEqualTo(2);
    }

    @Test
    void onASynchronousWriterAFloorFarAheadIsFollowedAtOnce() {
        BallotClock clock = BallotClock.open("n1", disk, Runnable::run, NOW);
        Ballot farAhead = new Ballot((NOW + 600_000) * 1000, "n2");

        assertThat(clock.above(farAhead, NOW)).isGreaterThan(farAhead);
        assertThat(clock.refusals()).isZero();
    }

    @Test
    void anIdleNodeKeepsItsReservationAheadOfTheWallClock() {
        BallotClock clock = open(NOW);

        clock.keepAhead(NOW + 10_000);
        assertThat(writer.pending()).isZero();
        clock.keepAhead(NOW + 16_000);
        writer.runAll();

        assertThat(clock.above(Ballot.ZERO, NOW + 40_000).counter()).isLessThanOrEqualTo(disk.reserved());
        assertThat(clock.refusals()).isZero();
    }

    @Test
    void aFailedSaveIsTriedAgainByTheNextBallotThatNeedsIt() {
        FailingOnce failing = new FailingOnce();
        BallotClock clock = BallotClock.open("n1", failing, writer, NOW);
        clock.above(Ballot.ZERO, NOW + 20_000);

        try {
            writer.runAll();
        } catch (IllegalStateException expected) {
            // the disk failed once
        }
        assertThatThrownBy(() -> clock.above(Ballot.ZERO, NOW + 31_000)).isInstanceOf(BallotsNotReserved.class);
        writer.runAll();

        assertThat(clock.above(Ballot.ZERO, NOW + 31_000).counter()).isLessThanOrEqualTo(failing.reserved());
    }

    @Test
    void manyThreadsNeverGetOneBallotTwiceNorOneBeyondTheSavedReservation() throws Exception {
        ExecutorService realWriter = Executors.newSingleThreadExecutor();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            BallotClock clock = BallotClock.open("n1", disk, realWriter, NOW);
            AtomicLong millis = new AtomicLong(NOW);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(callers.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    while (mine.size() < 20_000) {
                        try {
                            Ballot b = clock.above(Ballot.ZERO, millis.incrementAndGet()); // 160 s of clock in all
                            assertThat(b.counter()).isLessThanOrEqualTo(disk.reserved());
                            mine.add(b.counter());
                        } catch (BallotsNotReserved refused) {
                            Thread.onSpinWait(); // its save is under way
                        }
                    }
                    return mine;
                }));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> result : results) {
                all.addAll(result.get());
            }

            assertThat(all).hasSize(8 * 20_000);
            assertThat(disk.saves()).as("a save per half window or so, not per ballot").isBetween(5L, 200L);
        } finally {
            callers.shutdownNow();
            realWriter.shutdownNow();
        }
    }

    /** A reservation whose first save after opening fails, as a full disk would. */
    private static final class FailingOnce implements BallotReservation {
        private final InMemoryBallotReservation inner = new InMemoryBallotReservation();
        private int saves;

        @Override
        public long reserved() {
            return inner.reserved();
        }

        @Override
        public void reserve(long upTo) {
            if (++saves == 2) {
                throw new IllegalStateException("disk full");
            }
            inner.reserve(upTo);
        }
    }
}
