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
    KeyResult result = check(script);
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

  @Test
  void staleReadAfterCompletedWriteIsNotLinearizable() {
    Violation violation = assertViolation(script()
        .run(1, write("a"), null)
        .run(1, write("b"), null)
        .run(2, read(), "a"));

    assertThat(violation.blocked().op()).isEqualTo(read());
    assertThat(violation.blocked().readValue()).isEqualTo("a");
    assertThat(violation.possibleValues()).containsExactly("b");
    assertThat(violation.prefixEvents()).isEqualTo(6);
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

  @Test
  void newThenOldReadsDuringOneWriteAreNotLinearizable() {
    Violation violation = assertViolation(script()
        .run(1, write("a"), null)
        .invoke(1, write("b"))
        .run(2, read(), "b")
        .run(3, read(), "a")
        .ok(1));

    assertThat(violation.blocked().process()).isEqualTo(3);
    assertThat(violation.possibleValues()).containsExactly("b");
    assertThat(violation.involved()).extracting(Operation::process).contains(1, 2, 3);
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
    assertViolation(script()
        .run(1, write("a"), null)
        .invoke(1, write("b")).info(1)
        .run(2, read(), "b")
        .run(2, write("c"), null)
        .run(3, read(), "b"));
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
        .contains("no linearization can place #1 p2 read -> ok \"zz\"")
        .contains("could only hold: \"a\"")
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
    Violation violation = assertViolation(script()
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
