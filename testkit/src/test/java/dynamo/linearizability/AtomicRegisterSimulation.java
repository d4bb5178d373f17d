package dynamo.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Generates linearizable histories: sequential clients run against an atomic register, each
 * operation taking effect at one instant strictly inside a random interval [invoke, return].
 * Written values are unique. Indeterminate operations take effect or not at random; failed ones
 * never do.
 */
final class AtomicRegisterSimulation {

  /** Shape of the generated history. */
  record Shape(int processes, int operations, int maxDuration, int maxGap, double infoRate, double failRate) {}

  /** One simulated operation; {@code result} is what its client would record. */
  static final class SimulatedOp {
    final int index;
    final int process;
    final long invokeAt;
    final long effectAt;
    final long returnAt;
    Op op;
    Outcome outcome;
    Object result;
    boolean applied;
    /** Its id in the history last {@link #record recorded}. */
    long historyId;

    SimulatedOp(int index, int process, long invokeAt, long effectAt, long returnAt) {
      this.index = index;
      this.process = process;
      this.invokeAt = invokeAt;
      this.effectAt = effectAt;
      this.returnAt = returnAt;
    }

    /** Whether it certainly changed the register (so readers after it cannot see older values). */
    boolean knownToHaveWritten() {
      return outcome == Outcome.OK && applied && op.mutates();
    }
  }

  private enum Phase { INVOKE, EFFECT, RETURN }

  private record Event(long time, Phase phase, SimulatedOp op) {}

  private final List<Event> events = new ArrayList<>();
  private final List<SimulatedOp> ops = new ArrayList<>();
  private final Random random;
  private final Shape shape;
  private final List<String> written = new ArrayList<>();
  private String register;

  private AtomicRegisterSimulation(long seed, Shape shape) {
    this.random = new Random(seed);
    this.shape = shape;
  }

  static AtomicRegisterSimulation run(long seed, Shape shape) {
    AtomicRegisterSimulation simulation = new AtomicRegisterSimulation(seed, shape);
    simulation.schedule();
    simulation.execute();
    return simulation;
  }

  /** Replays the invocations and completions, in time order, into a fresh history. */
  History record(String key) {
    History history = new History();
    for (Event event : events) {
      SimulatedOp op = event.op;
      switch (event.phase) {
        case INVOKE -> op.historyId = history.invoke(op.process, key, op.op);
        case RETURN -> complete(history, op.historyId, op);
        case EFFECT -> { }
      }
    }
    return history;
  }

  /**
   * Changes one OK read to return a value that a later, completed write had already replaced
   * before the read was invoked: a stale read no linearization can explain. Returns that read.
   */
  Optional<SimulatedOp> injectStaleRead() {
    List<SimulatedOp> reads = ops.stream()
        .filter(op -> op.op.kind() == Op.Kind.READ && op.outcome == Outcome.OK).toList();
    for (int attempt = 0; attempt < 100 && !reads.isEmpty(); attempt++) {
      SimulatedOp read = reads.get(random.nextInt(reads.size()));
      Optional<String> stale = overwrittenBefore(read);
      if (stale.isPresent()) {
        read.result = stale.get();
        return Optional.of(read);
      }
    }
    return Optional.empty();
  }

  private Optional<String> overwrittenBefore(SimulatedOp read) {
    List<SimulatedOp> overwriters = ops.stream()
        .filter(op -> op.knownToHaveWritten() && op.returnAt < read.invokeAt).toList();
    if (overwriters.isEmpty()) {
      return Optional.empty();
    }
    SimulatedOp overwriter = overwriters.get(random.nextInt(overwriters.size()));
    List<String> stale = ops.stream()
        .filter(op -> op.knownToHaveWritten() && op.returnAt < overwriter.invokeAt && op.op.value() != null)
        .map(op -> op.op.value())
        .toList();
    return stale.isEmpty() ? Optional.empty() : Optional.of(stale.get(random.nextInt(stale.size())));
  }

  /** Each client runs one operation at a time; the least busy client goes next. */
  private void schedule() {
    PriorityQueue<long[]> clients = new PriorityQueue<>(Comparator.comparingLong((long[] c) -> c[1]));
    for (int process = 0; process < shape.processes(); process++) {
      clients.add(new long[] {process, random.nextInt(shape.maxGap() + 1)});
    }
    for (int i = 0; i < shape.operations(); i++) {
      long[] client = clients.poll();
      long invokeAt = client[1] + random.nextInt(shape.maxGap() + 1);
      long effectAt = invokeAt + 1 + random.nextInt(shape.maxDuration());
      long returnAt = effectAt + 1 + random.nextInt(shape.maxDuration());
      SimulatedOp op = new SimulatedOp(i, (int) client[0], invokeAt, effectAt, returnAt);
      ops.add(op);
      events.add(new Event(invokeAt, Phase.INVOKE, op));
      events.add(new Event(effectAt, Phase.EFFECT, op));
      events.add(new Event(returnAt, Phase.RETURN, op));
      client[1] = returnAt;
      clients.add(client);
    }
    events.sort(Comparator.comparingLong(Event::time));
  }

  private void execute() {
    for (Event event : events) {
      switch (event.phase) {
        case INVOKE -> choose(event.op);
        case EFFECT -> takeEffect(event.op);
        case RETURN -> { }
      }
    }
  }

  /** Picks the operation at invocation, as a client would (a cas expects the value it last saw). */
  private void choose(SimulatedOp op) {
    double dice = random.nextDouble();
    String fresh = "v" + op.index;
    if (dice < 0.4) {
      op.op = Op.read();
    } else if (dice < 0.65) {
      op.op = Op.write(fresh);
    } else if (dice < 0.7) {
      op.op = Op.delete();
    } else {
      op.op = Op.cas(random.nextDouble() < 0.7 || written.isEmpty() ? register
          : written.get(random.nextInt(written.size())), fresh);
    }
    double outcome = random.nextDouble();
    op.outcome = outcome < shape.failRate() ? Outcome.FAIL
        : outcome < shape.failRate() + shape.infoRate() ? Outcome.INFO : Outcome.OK;
    op.applied = op.outcome == Outcome.OK || (op.outcome == Outcome.INFO && random.nextBoolean());
  }

  private void takeEffect(SimulatedOp op) {
    if (!op.applied) {
      return;
    }
    switch (op.op.kind()) {
      case READ -> op.result = register;
      case WRITE -> assign(op.op.value());
      case CAS -> {
        op.applied = Objects.equals(register, op.op.expected());
        op.result = op.applied;
        if (op.applied) {
          assign(op.op.value());
        }
      }
    }
  }

  private void assign(String value) {
    register = value;
    if (value != null) {
      written.add(value);
    }
  }

  private static void complete(History history, long id, SimulatedOp op) {
    switch (op.outcome) {
      case OK -> history.ok(id, op.result);
      case FAIL -> history.fail(id);
      case INFO, PENDING -> history.info(id);
    }
  }
}
