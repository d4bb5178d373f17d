package dynamo.linearizability;

import static dynamo.linearizability.Op.cas;
import static dynamo.linearizability.Op.delete;
import static dynamo.linearizability.Op.read;
import static dynamo.linearizability.Op.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinearizabilityCheckerTest {

  private static final String K = "k";

  private static HistoryScript script() {
    return HistoryScript.on(K);
  }

  private static KeyResult check(HistoryScript script) {
    return LinearizabilityChecker.check(script.history()).forKey(K);
  }

  private static void assertLinearizable(HistoryScript script) {
    KeyResult result = check(script);
    assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.LINEARIZABLE);
  }

  private static Violation assertViolation(HistoryScript script) {
    return violation(check(script));
  }

  /** The violation as the exhaustive search alone finds it, without the real-time-order scan. */
  private static Violation assertSearchFindsViolation(HistoryScript script) {
    return violation(LinearizabilityChecker.check(script.history(), Limits.DEFAULT, false).forKey(K));
  }

  private static Violation violation(KeyResult result) {
    assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    return result.violation().orElseThrow();
  }

  @Test
  void sequentialReadYourWriteIsLinearizable() {
    assertLinearizable(script()
        .run(1, read(), null)
        .run(1, write("a"), null)
        .run(1, read(), "a")
        .run(2, read(), "a"));
  }

  private static HistoryScript staleRead() {
    return script()
        .run(1, write("a"), null)
        .run(1, write("b"), null)
        .run(2, read(), "a");
  }

  @Test
  void staleReadAfterCompletedWriteIsNotLinearizable() {
    KeyResult result = check(staleRead());

    Violation violation = violation(result);
    assertThat(violation.blocked().id()).isEqualTo(2);
    assertThat(violation.involved()).extracting(Operation::id).containsExactly(0L, 1L, 2L);
    assertThat(violation.prefixEvents()).isEqualTo(6);
    assertThat(result.explanation())
        .contains("cannot linearize #2 p2 read -> ok \"a\" [events 5..6]")
        .contains("it observed \"a\", written by #0, but #1 overwrote that value");
  }

  @Test
  void searchAloneRefutesStaleRead() {
    Violation violation = assertSearchFindsViolation(staleRead());

    assertThat(violation.blocked().id()).isEqualTo(2);
    assertThat(violation.possibleValues()).containsExactly("b");
    assertThat(violation.prefixEvents()).isEqualTo(6);
    assertThat(violation.reason()).isEqualTo("no linearization of the history up to its return exists,"
        + " although the history up to event 4 is linearizable");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "b"})
  void readConcurrentWithWriteMayReturnOldOrNew(String seen) {
    assertLinearizable(script()
        .run(1, write("a"), null)
        .invoke(1, write("b"))
        .invoke(2, read())
        .ok(2, seen)
        .ok(1));
  }

  private static HistoryScript newThenOld() {
    return script()
        .run(1, write("a"), null)
        .invoke(1, write("b"))
        .run(2, read(), "b")
        .run(3, read(), "a")
        .ok(1);
  }

  @Test
  void newThenOldReadsDuringOneWriteAreNotLinearizable() {
    Violation violation = assertViolation(newThenOld());

    assertThat(violation.blocked().process()).isEqualTo(3);
    assertThat(violation.involved()).extracting(Operation::process).contains(1, 2, 3);
    assertThat(violation.reason()).contains("the newer value was followed by the older");
  }

  @Test
  void searchAloneRefutesNewThenOld() {
    Violation violation = assertSearchFindsViolation(newThenOld());

    assertThat(violation.blocked().process()).isEqualTo(3);
    assertThat(violation.possibleValues()).containsExactly("b");
  }

  @Test
  void newThenOldAcrossTwoWritesIsNotLinearizable() {
    // The writes overlap each other, but "b" was read first: "a" cannot come back after it.
    assertViolation(script()
        .invoke(1, write("a"))
        .invoke(2, write("b"))
        .ok(1).ok(2)
        .run(3, read(), "b")
        .run(3, read(), "a"));
  }

  @Test
  void oldThenNewReadsDuringOneWriteAreLinearizable() {
    assertLinearizable(script()
        .run(1, write("a"), null)
        .invoke(1, write("b"))
        .run(2, read(), "a")
        .run(3, read(), "b")
        .ok(1));
  }

  @Test
  void infoWriteWhoseValueAppearsLaterIsLinearizable() {
    assertLinearizable(script()
        .run(1, write("a"), null)
        .invoke(1, write("b")).info(1)
        .run(2, read(), "a")
        .run(2, read(), "b")
        .run(3, read(), "b"));
  }

  @Test
  void infoWriteNeverObservedIsLinearizable() {
    assertLinearizable(script()
        .run(1, write("a"), null)
        .invoke(1, write("b")).info(1)
        .run(2, read(), "a")
        .run(3, read(), "a"));
  }

  @Test
  void infoWriteTakesEffectAtMostOnce() {
    KeyResult result = check(script()
        .run(1, write("a"), null)
        .invoke(1, write("b")).info(1)
        .run(2, read(), "b")
        .run(2, write("c"), null)
        .run(3, read(), "b"));

    Violation violation = violation(result);
    assertThat(violation.blocked().id()).isEqualTo(4);
    assertThat(violation.possibleValues()).containsExactly("c");
  }

  @Test
  void infoWriteCannotExplainReadsOnBothSidesOfIt() {
    // "b" (outcome unknown) must land between the first read of "c" and the read of "b", but
    // then the last read cannot see "c" again.
    KeyResult result = check(script()
        .invoke(1, write("b")).info(1)
        .run(2, write("c"), null)
        .run(2, read(), "c")
        .run(3, read(), "b")
        .run(2, read(), "c"));

    Violation violation = violation(result);
    assertThat(violation.blocked().id()).isEqualTo(4);
    assertThat(violation.possibleValues()).containsExactly("b");
    assertThat(violation.prefixEvents()).isEqualTo(10);
    assertThat(result.explanation()).contains("although the history up to event 8 is linearizable");
  }

  @Test
  void operationNeverCompletedIsTreatedLikeInfo() {
    assertLinearizable(script()
        .run(1, write("a"), null)
        .invoke(1, write("b"))
        .run(2, read(), "a")
        .run(2, read(), "b"));
  }

  @Test
  void readOfValueNeverWrittenIsNotLinearizable() {
    KeyResult result = check(script()
        .run(1, write("a"), null)
        .run(2, read(), "zz"));

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(result.explanation())
        .contains("cannot linearize #1 p2 read -> ok \"zz\"")
        .contains("left the register holding: \"a\"")
        .contains("\"zz\" was never written by any operation");
  }

  @Test
  void deleteThenReadAbsentIsLinearizable() {
    assertLinearizable(script()
        .run(1, write("a"), null)
        .run(1, delete(), null)
        .run(2, read(), null));
  }

  @Test
  void readOfDeletedValueIsNotLinearizable() {
    Violation violation = assertSearchFindsViolation(script()
        .run(1, write("a"), null)
        .run(1, delete(), null)
        .run(2, read(), "a"));

    assertThat(violation.possibleValues()).containsExactly((String) null);
  }

  @Test
  void casSucceedsOnExpectedValue() {
    assertLinearizable(script()
        .run(1, write("a"), null)
        .run(1, cas("a", "b"), true)
        .run(2, read(), "b"));
  }

  @Test
  void casCannotSucceedOnAnotherValue() {
    assertViolation(script()
        .run(1, write("a"), null)
        .run(2, cas("x", "b"), true));
  }

  @Test
  void casFailsOnAnotherValue() {
    assertLinearizable(script()
        .run(1, write("a"), null)
        .run(2, cas("x", "b"), false)
        .run(2, read(), "a"));
  }

  @Test
  void casCannotFailOnExpectedValueWithoutConcurrentWrite() {
    assertViolation(script()
        .run(1, write("a"), null)
        .run(2, cas("a", "b"), false));
  }

  @Test
  void failedCasLeavesValueUnchanged() {
    assertViolation(script()
        .run(1, write("a"), null)
        .run(2, cas("x", "b"), false)
        .run(2, read(), "b"));
  }

  @Test
  void casOnAbsentKey() {
    assertLinearizable(script()
        .run(1, cas(null, "a"), true)
        .run(2, cas(null, "b"), false)
        .run(2, read(), "a"));
  }

  @Test
  void twoConcurrentCasFromSameValueCannotBothSucceed() {
    Violation violation = assertViolation(script()
        .run(1, write("a"), null)
        .invoke(1, cas("a", "b"))
        .invoke(2, cas("a", "c"))
        .ok(1, true)
        .ok(2, true));

    assertThat(violation.blocked().op().kind()).isEqualTo(Op.Kind.CAS);
  }

  @Test
  void twoConcurrentCasFromSameValueOneWins() {
    assertLinearizable(script()
        .run(1, write("a"), null)
        .invoke(1, cas("a", "b"))
        .invoke(2, cas("a", "c"))
        .ok(1, false)
        .ok(2, true)
        .run(3, read(), "c"));
  }

  @Test
  void infoCasAppliesOnlyOnItsExpectedValue() {
    assertLinearizable(script()
        .run(1, write("a"), null)
        .invoke(1, cas("a", "b")).info(1)
        .run(2, read(), "b"));
    assertViolation(script()
        .run(1, write("a"), null)
        .invoke(1, cas("x", "b")).info(1)
        .run(2, read(), "b"));
  }

  @Test
  void infoOperationsWritingTheSameValueAreNotInterchangeable() {
    // Either may explain the first read of "x", but only the cas fits it, leaving the plain
    // write for the second one: the search must not treat the two choices as the same state.
    assertLinearizable(script()
        .run(1, write("a"), null)
        .invoke(2, write("x")).info(2)
        .invoke(3, cas("a", "x")).info(3)
        .run(4, read(), "x")
        .run(1, write("b"), null)
        .run(4, read(), "x"));
  }

  @Test
  void unobservedInfoWriteCanExplainFailedCas() {
    // Only the info write of "b" (whose value nobody read) explains why the cas found no "a".
    assertLinearizable(script()
        .run(1, write("a"), null)
        .invoke(1, write("b")).info(1)
        .run(2, cas("a", "c"), false));
  }

  @Test
  void failedWriteWhoseValueIsReadIsNotLinearizable() {
    KeyResult result = check(script()
        .run(1, write("a"), null)
        .invoke(1, write("b")).fail(1)
        .run(2, read(), "b"));

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(result.explanation()).contains("\"b\" was written only by failed operations: #1");
  }

  @Test
  void failedReadsAreIgnored() {
    assertLinearizable(script()
        .run(1, write("a"), null)
        .invoke(2, read()).fail(2)
        .invoke(2, read()).info(2)
        .run(2, read(), "a"));
  }

  @Test
  void keysAreCheckedIndependently() {
    Result result = LinearizabilityChecker.check(script()
        .run(1, "x", write("a"), null)
        .run(2, "y", write("a"), null)
        .run(1, "x", read(), "a")
        .run(2, "y", write("b"), null)
        .run(3, "y", read(), "a")
        .history());

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(result.forKey("x").isLinearizable()).isTrue();
    assertThat(result.forKey("x").operations()).isEqualTo(2);
    assertThat(result.violations()).extracting(KeyResult::key).containsExactly("y");
    assertThat(result.toString()).startsWith("NOT_LINEARIZABLE (2 keys, 5 operations)")
        .contains("key \"y\": NOT linearizable");
  }

  @Test
  void exhaustedBudgetIsReportedAsUnknown() {
    HistoryScript script = script();
    for (int i = 0; i < 50; i++) {
      script.run(1, write("v" + i), null).run(2, read(), "v" + i);
    }

    Result result = LinearizabilityChecker.check(script.history(), new Limits(Duration.ofSeconds(5), 10));

    assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(result.isLinearizable()).isFalse();
    assertThat(result.unknown()).singleElement().satisfies(key -> {
      assertThat(key.statesExplored()).isEqualTo(10);
      assertThat(key.explanation()).contains("UNKNOWN, search budget exhausted");
    });
  }

  @Test
  void emptyHistoryIsLinearizable() {
    Result result = LinearizabilityChecker.check(new History());

    assertThat(result.isLinearizable()).isTrue();
    assertThat(result.keys()).isEmpty();
  }
}
