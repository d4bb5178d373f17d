package dynamo.linearizability;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.linearizability.AtomicRegisterSimulation.Shape;
import dynamo.linearizability.AtomicRegisterSimulation.SimulatedOp;
import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Histories generated from an atomic register must pass; the same with one stale read must fail. */
class RandomHistoryTest {

  private static final String KEY = "k";
  private static final Shape SMALL = new Shape(5, 300, 20, 10, 0.05, 0.03);
  private static final Shape PERFORMANCE = new Shape(10, 2000, 40, 5, 0.05, 0.03);

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 40);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void atomicRegisterHistoriesAreLinearizable(long seed) {
    History history = AtomicRegisterSimulation.run(seed, SMALL).record(KEY);

    Result result = LinearizabilityChecker.check(history);

    assertThat(result.verdict()).as(result.toString()).isEqualTo(Verdict.LINEARIZABLE);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aReadOfAnOverwrittenValueIsCaught(long seed) {
    AtomicRegisterSimulation simulation = AtomicRegisterSimulation.run(seed, SMALL);
    SimulatedOp staleRead = simulation.injectStaleRead().orElseThrow();
    History history = simulation.record(KEY);

    assertBlockedAt(staleRead, LinearizabilityChecker.check(history).forKey(KEY));
    assertBlockedAt(staleRead, LinearizabilityChecker.check(history, Limits.DEFAULT, false).forKey(KEY));
  }

  private static void assertBlockedAt(SimulatedOp staleRead, KeyResult result) {
    assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    Operation blocked = result.violation().orElseThrow().blocked();
    assertThat(blocked.id()).as(result.explanation()).isEqualTo(staleRead.historyId);
    assertThat(blocked.readValue()).isEqualTo(staleRead.result);
  }

  @Test
  void tenProcessesTwoThousandOperationsCheckQuickly() {
    History history = AtomicRegisterSimulation.run(7, PERFORMANCE).record(KEY);

    KeyResult result = timed(history);

    assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(result.operations()).isEqualTo(2000);
  }

  @Test
  void tenProcessesTwoThousandOperationsWithAViolationCheckQuickly() {
    AtomicRegisterSimulation simulation = AtomicRegisterSimulation.run(8, PERFORMANCE);
    simulation.injectStaleRead().orElseThrow();

    KeyResult result = timed(simulation.record(KEY));

    assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void manyIndeterminateOperationsCheckQuickly() {
    Shape unreliable = new Shape(10, 2000, 40, 5, 0.2, 0.05);
    History history = AtomicRegisterSimulation.run(9, unreliable).record(KEY);

    KeyResult result = timed(history);

    assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.LINEARIZABLE);
  }

  private static KeyResult timed(History history) {
    long start = System.nanoTime();
    KeyResult result = LinearizabilityChecker.check(history).forKey(KEY);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    assertThat(elapsed).as(result.explanation()).isLessThan(Duration.ofSeconds(5));
    return result;
  }
}
