package dynamo.linearizability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The checker, with and without its real-time-order scan, must agree with a brute-force oracle
 * on many tiny random histories: atomic-register runs, some with one result corrupted, with
 * repeated values, deletes, unknown and failed outcomes.
 */
class CheckerAgainstOracleTest {

  private static final String KEY = "k";
  private static final String[] POOL = {"a", "b", "c", null};

  @Test
  void agreesWithBruteForceOnSmallRandomHistories() {
    Random random = new Random(20240601);
    int violations = 0;
    for (int round = 0; round < 3000; round++) {
      History history = randomHistory(random);
      List<Operation> operations = history.operations();
      boolean expected = BruteForceOracle.isLinearizable(operations);
      violations += expected ? 0 : 1;

      for (boolean quickChecks : new boolean[] {true, false}) {
        KeyResult result = LinearizabilityChecker.check(history, Limits.DEFAULT, quickChecks).forKey(KEY);
        assertThat(result.verdict()).as("round %d, quick checks %s\n%s%s", round, quickChecks, history, result)
            .isEqualTo(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE);
        result.violation().ifPresent(violation -> assertPrefixFails(operations, violation, history));
      }
    }
    assertThat(violations).as("the mix holds both verdicts").isBetween(300, 2700);
  }

  /** The reported prefix fails, and a bisected one is the shortest: the one before it passes. */
  private static void assertPrefixFails(List<Operation> operations, Violation violation, History history) {
    assertThat(BruteForceOracle.isLinearizable(BruteForceOracle.prefix(operations, violation.prefixEvents())))
        .as("prefix up to %d of\n%s", violation.prefixEvents(), history).isFalse();
    if (violation.reason().startsWith("no linearization of the history up to its return exists")) {
      long previous = operations.stream()
          .filter(op -> op.outcome() == Outcome.OK && op.completeSeq() < violation.prefixEvents())
          .mapToLong(Operation::completeSeq).max().orElse(0);
      assertThat(BruteForceOracle.isLinearizable(BruteForceOracle.prefix(operations, previous)))
          .as("prefix up to %d of\n%s", previous, history).isTrue();
    }
  }

  /**
   * Two or three clients run a few operations on an atomic register, each taking effect (or not,
   * when failed or unknown) at a random moment of its interval; then, half the time, one
   * completed result is replaced by a random one.
   */
  private static History randomHistory(Random random) {
    int processes = 2 + random.nextInt(2);
    int[] left = new int[processes];
    for (int p = 0; p < processes; p++) {
      left[p] = 1 + random.nextInt(3);
    }
    History history = new History();
    Client[] clients = new Client[processes];
    String[] register = {null};
    int[] fresh = {0};
    while (true) {
      List<Integer> ready = new ArrayList<>();
      for (int p = 0; p < processes; p++) {
        if (clients[p] != null || left[p] > 0) {
          ready.add(p);
        }
      }
      if (ready.isEmpty()) {
        break;
      }
      int p = ready.get(random.nextInt(ready.size()));
      if (clients[p] == null) {
        left[p]--;
        clients[p] = Client.invoke(history, p, random, register[0], fresh);
      } else if (!clients[p].settled) {
        clients[p].settle(random, register);
      } else {
        clients[p].complete(history);
        clients[p] = null;
      }
    }
    return random.nextBoolean() ? corruptOneResult(history, random) : history;
  }

  private static History corruptOneResult(History original, Random random) {
    List<Operation> operations = original.operations();
    List<Operation> completed = operations.stream()
        .filter(op -> op.outcome() == Outcome.OK && op.op().kind() != Op.Kind.WRITE).toList();
    if (completed.isEmpty()) {
      return original;
    }
    Operation victim = completed.get(random.nextInt(completed.size()));
    Object result = victim.op().kind() == Op.Kind.READ ? POOL[random.nextInt(POOL.length)] : !victim.casSucceeded();
    return replay(operations, victim.id(), result);
  }

  /** Re-records the same events in the same order, with one result changed. */
  private static History replay(List<Operation> operations, long victim, Object result) {
    List<long[]> events = new ArrayList<>();
    for (Operation op : operations) {
      events.add(new long[] {op.invokeSeq(), op.id(), 0});
      if (op.outcome() != Outcome.PENDING) {
        events.add(new long[] {op.completeSeq(), op.id(), 1});
      }
    }
    events.sort((x, y) -> Long.compare(x[0], y[0]));
    History history = new History();
    long[] ids = new long[operations.size()];
    for (long[] event : events) {
      Operation op = operations.get((int) event[1]);
      if (event[2] == 0) {
        ids[(int) event[1]] = history.invoke(op.process(), op.key(), op.op());
      } else {
        long id = ids[(int) event[1]];
        switch (op.outcome()) {
          case OK -> history.ok(id, op.id() == victim ? result : op.result());
          case FAIL -> history.fail(id);
          default -> history.info(id);
        }
      }
    }
    return history;
  }

  /** One client's operation in flight against the atomic register. */
  private static final class Client {
    final long id;
    final Op op;
    final Outcome outcome;
    boolean settled;
    Object result;

    private Client(long id, Op op, Outcome outcome) {
      this.id = id;
      this.op = op;
      this.outcome = outcome;
    }

    static Client invoke(History history, int process, Random random, String current, int[] fresh) {
      String value = random.nextInt(3) == 0 ? "v" + fresh[0]++ : POOL[random.nextInt(POOL.length)];
      Op op = switch (random.nextInt(4)) {
        case 0, 1 -> Op.read();
        case 2 -> Op.write(value);
        default -> Op.cas(random.nextBoolean() ? current : POOL[random.nextInt(POOL.length)], value);
      };
      int dice = random.nextInt(10);
      Outcome outcome = dice < 7 ? Outcome.OK : dice < 9 ? Outcome.INFO : Outcome.FAIL;
      return new Client(history.invoke(process, KEY, op), op, outcome);
    }

    void settle(Random random, String[] register) {
      settled = true;
      boolean takesEffect = outcome == Outcome.OK || (outcome == Outcome.INFO && random.nextBoolean());
      if (!takesEffect) {
        return;
      }
      switch (op.kind()) {
        case READ -> result = register[0];
        case WRITE -> register[0] = op.value();
        case CAS -> {
          result = Objects.equals(register[0], op.expected());
          if ((Boolean) result) {
            register[0] = op.value();
          }
        }
      }
    }

    void complete(History history) {
      switch (outcome) {
        case OK -> history.ok(id, result);
        case FAIL -> history.fail(id);
        default -> {
          if (id % 2 == 0) {
            history.info(id);
          }
        }
      }
    }
  }
}
