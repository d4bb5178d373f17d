package dynamo.linearizability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class HistoryTest {

  @Test
  void recordsOperationsWithRealTimeOrder() {
    History history = new History();
    long write = history.invoke(1, "k", Op.write("a"));
    long read = history.invoke(2, "k", Op.read());
    history.ok(write);
    history.ok(read, "a");

    List<Operation> operations = history.operations();

    assertThat(operations).hasSize(2);
    Operation first = operations.get(0);
    Operation second = operations.get(1);
    assertThat(first.id()).isEqualTo(write);
    assertThat(first.outcome()).isEqualTo(Outcome.OK);
    assertThat(first.invokeSeq()).isLessThan(second.invokeSeq());
    assertThat(second.invokeSeq()).isLessThan(first.completeSeq());
    assertThat(first.completeSeq()).isLessThan(second.completeSeq());
    assertThat(second.readValue()).isEqualTo("a");
    assertThat(history.keys()).containsExactly("k");
  }

  @Test
  void rejectsResultsThatDoNotFitTheOperation() {
    History history = new History();
    long cas = history.invoke(1, "k", Op.cas("a", "b"));
    long read = history.invoke(2, "k", Op.read());

    assertThatThrownBy(() -> history.ok(cas, "b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> history.ok(read, 42)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsSecondCompletionAndUnknownIds() {
    History history = new History();
    long write = history.invoke(1, "k", Op.write("a"));
    history.info(write);

    assertThatThrownBy(() -> history.ok(write)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> history.fail(99)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scriptRejectsTwoOperationsInFlightOnOneProcess() {
    HistoryScript script = HistoryScript.on("k").invoke(1, Op.read());

    assertThatThrownBy(() -> script.invoke(1, Op.read())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> script.ok(2)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void concurrentClientsOfAnAtomicRegisterRecordALinearizableHistory() throws Exception {
    History history = new History();
    AtomicStore store = new AtomicStore();
    ExecutorService clients = Executors.newFixedThreadPool(10);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int process = 0; process < 10; process++) {
        int client = process;
        done.add(clients.submit(() -> runClient(client, history, store)));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      clients.shutdownNow();
    }

    Result result = LinearizabilityChecker.check(history);

    assertThat(history.size()).isEqualTo(10 * 200);
    assertThat(history.operations()).allMatch(op -> op.outcome() == Outcome.OK);
    assertThat(result.verdict()).as(result.toString()).isEqualTo(Verdict.LINEARIZABLE);
  }

  private static void runClient(int process, History history, AtomicStore store) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 200; i++) {
      String key = "k" + random.nextInt(3);
      String fresh = process + "-" + i;
      switch (random.nextInt(3)) {
        case 0 -> {
          long id = history.invoke(process, key, Op.read());
          history.ok(id, store.read(key));
        }
        case 1 -> {
          long id = history.invoke(process, key, Op.write(fresh));
          store.write(key, fresh);
          history.ok(id);
        }
        default -> {
          String expected = store.read(key);
          long id = history.invoke(process, key, Op.cas(expected, fresh));
          history.ok(id, store.cas(key, expected, fresh));
        }
      }
    }
  }

  /** A trivially linearizable store: every operation holds one lock. */
  private static final class AtomicStore {
    private final java.util.Map<String, String> values = new java.util.HashMap<>();

    synchronized String read(String key) {
      return values.get(key);
    }

    synchronized void write(String key, String value) {
      values.put(key, value);
    }

    synchronized boolean cas(String key, String expected, String value) {
      if (!Objects.equals(values.get(key), expected)) {
        return false;
      }
      values.put(key, value);
      return true;
    }
  }
}
