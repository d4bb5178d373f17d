package dynamo.linearizability;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A thread-safe recorder of client operations. Call {@link #invoke} just before sending a request
 * and exactly one of {@link #ok}, {@link #fail} or {@link #info} after its answer (or its timeout),
 * so that every event's sequence number lies inside the real request's interval.
 *
 * <p>One global sequence gives the real-time order: events are numbered under a lock, so an event
 * recorded after another one returned always gets a larger number.
 */
public final class History {

  private final List<Entry> entries = new ArrayList<>();
  private long sequence;

  /** Records the invocation of {@code op} on {@code key} by client {@code process}; returns the op id. */
  public synchronized long invoke(int process, String key, Op op) {
    if (key == null || op == null) {
      throw new IllegalArgumentException("key and op are required");
    }
    entries.add(new Entry(process, key, op, ++sequence, System.nanoTime()));
    return entries.size() - 1;
  }

  /**
   * Records a completed operation. {@code result}: for a read the value read ({@code null} when the
   * key was absent), for a cas a {@link Boolean} (did it apply), for a write anything (ignored).
   */
  public synchronized void ok(long id, Object result) {
    Entry entry = open(id);
    requireResultFits(entry.op, result);
    entry.complete(Outcome.OK, entry.op.kind() == Op.Kind.WRITE ? null : result, ++sequence);
  }

  /** Records a completed write. */
  public void ok(long id) {
    ok(id, null);
  }

  /** Records an operation that certainly did not take effect. */
  public synchronized void fail(long id) {
    open(id).complete(Outcome.FAIL, null, ++sequence);
  }

  /** Records an operation whose effect is unknown (timeout, 5xx, lost connection). */
  public synchronized void info(long id) {
    open(id).complete(Outcome.INFO, null, ++sequence);
  }

  /** A snapshot of all operations, in invocation order. */
  public synchronized List<Operation> operations() {
    List<Operation> snapshot = new ArrayList<>(entries.size());
    for (int id = 0; id < entries.size(); id++) {
      snapshot.add(entries.get(id).toOperation(id));
    }
    return snapshot;
  }

  /** The keys touched, in order of first invocation. */
  public synchronized Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    entries.forEach(entry -> keys.add(entry.key));
    return keys;
  }

  public synchronized int size() {
    return entries.size();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    operations().forEach(operation -> text.append(operation).append('\n'));
    return text.toString();
  }

  private Entry open(long id) {
    if (id < 0 || id >= entries.size()) {
      throw new IllegalArgumentException("unknown operation id " + id);
    }
    Entry entry = entries.get((int) id);
    if (entry.outcome != Outcome.PENDING) {
      throw new IllegalStateException("operation " + id + " already completed: " + entry.outcome);
    }
    return entry;
  }

  private static void requireResultFits(Op op, Object result) {
    boolean fits = switch (op.kind()) {
      case READ -> result == null || result instanceof String;
      case CAS -> result instanceof Boolean;
      case WRITE -> true;
    };
    if (!fits) {
      throw new IllegalArgumentException(op + " cannot return " + result);
    }
  }

  /** Mutable while recording; published to readers only as {@link Operation} snapshots. */
  private static final class Entry {
    final int process;
    final String key;
    final Op op;
    final long invokeSeq;
    final long invokeNanos;
    Outcome outcome = Outcome.PENDING;
    Object result;
    long completeSeq;
    long completeNanos;

    Entry(int process, String key, Op op, long invokeSeq, long invokeNanos) {
      this.process = process;
      this.key = key;
      this.op = op;
      this.invokeSeq = invokeSeq;
      this.invokeNanos = invokeNanos;
    }

    void complete(Outcome outcome, Object result, long seq) {
      this.outcome = outcome;
      this.result = result;
      this.completeSeq = seq;
      this.completeNanos = System.nanoTime();
    }

    Operation toOperation(long id) {
      return new Operation(id, process, key, op, outcome, result,
          invokeSeq, completeSeq, invokeNanos, completeNanos);
    }
  }
}
