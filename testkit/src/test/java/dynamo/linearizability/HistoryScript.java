package dynamo.linearizability;

import java.util.HashMap;
import java.util.Map;

/**
 * Builds a {@link History} by hand, naming operations by their process: each process has at most
 * one operation in flight, and events happen in the order the calls are written.
 *
 * <pre>{@code
 * History h = HistoryScript.on("k")
 *     .invoke(1, Op.write("a")).invoke(2, Op.read())
 *     .ok(1).ok(2, "a")
 *     .history();
 * }</pre>
 */
public final class HistoryScript {

  private final History history = new History();
  private final Map<Integer, Long> inFlight = new HashMap<>();
  private final String key;

  private HistoryScript(String key) {
    this.key = key;
  }

  /** A script whose operations default to {@code key}. */
  public static HistoryScript on(String key) {
    return new HistoryScript(key);
  }

  public HistoryScript invoke(int process, Op op) {
    return invoke(process, key, op);
  }

  public HistoryScript invoke(int process, String key, Op op) {
    if (inFlight.containsKey(process)) {
      throw new IllegalStateException("process " + process + " already has an operation in flight");
    }
    inFlight.put(process, history.invoke(process, key, op));
    return this;
  }

  /** Completes the process's write (or any op whose result does not matter to the test). */
  public HistoryScript ok(int process) {
    history.ok(take(process));
    return this;
  }

  /** Completes the process's read (a String or null) or cas (a Boolean). */
  public HistoryScript ok(int process, Object result) {
    history.ok(take(process), result);
    return this;
  }

  public HistoryScript fail(int process) {
    history.fail(take(process));
    return this;
  }

  public HistoryScript info(int process) {
    history.info(take(process));
    return this;
  }

  /** Invokes and immediately completes an operation: a sequential step. */
  public HistoryScript run(int process, Op op, Object result) {
    return run(process, key, op, result);
  }

  public HistoryScript run(int process, String key, Op op, Object result) {
    return invoke(process, key, op).ok(process, result);
  }

  /** The history so far; operations still in flight stay pending (treated like info). */
  public History history() {
    return history;
  }

  private long take(int process) {
    Long id = inFlight.remove(process);
    if (id == null) {
      throw new IllegalStateException("process " + process + " has no operation in flight");
    }
    return id;
  }
}
