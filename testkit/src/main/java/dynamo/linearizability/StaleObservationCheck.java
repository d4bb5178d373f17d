package dynamo.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds, in O(n log n), the two classic violations that real-time order alone proves, for values
 * that exactly one operation wrote (so the value cannot come back once overwritten):
 * <ul>
 *   <li>stale observation: a read (or successful cas) saw v although v's writer completed, and
 *       then another write started and completed, before the observer was invoked;
 *   <li>new-old inversion: an observer of v2 follows an observer of v1, yet v2's writer completed
 *       before v1's writer was invoked.
 * </ul>
 * It complements the exhaustive search, which proves the same but may need long on highly
 * concurrent histories. When it finds nothing, nothing is concluded.
 */
final class StaleObservationCheck {

  private record Observation(Operation observer, Operation writer) {}

  private final List<Observation> observations = new ArrayList<>();
  private final List<Operation> writes;
  private Violation earliest;

  private StaleObservationCheck(List<Operation> operations) {
    Map<String, List<Operation>> writers = new HashMap<>();
    for (Operation operation : operations) {
      if (operation.mayHaveWritten() && operation.op().value() != null) {
        writers.computeIfAbsent(operation.op().value(), v -> new ArrayList<>()).add(operation);
      }
    }
    for (Operation operation : operations) {
      List<Operation> writer = operation.observed() ? writers.get(operation.observedValue()) : null;
      if (writer != null && writer.size() == 1 && writer.get(0) != operation) {
        observations.add(new Observation(operation, writer.get(0)));
      }
    }
    writes = operations.stream().filter(Operation::wrote)
        .sorted(Comparator.comparingLong(Operation::invokeSeq)).toList();
  }

  /** The violation with the shortest prefix, if either pattern occurs. */
  static Optional<Violation> find(List<Operation> operations) {
    StaleObservationCheck check = new StaleObservationCheck(operations);
    check.findOverwrittenBeforeObserved();
    check.findInversions();
    return Optional.ofNullable(check.earliest);
  }

  private void findOverwrittenBeforeObserved() {
    // Among writes invoked from position i on, the one returning first.
    Operation[] firstReturning = new Operation[writes.size() + 1];
    for (int i = writes.size() - 1; i >= 0; i--) {
      Operation later = firstReturning[i + 1];
      firstReturning[i] = later != null && later.completeSeq() < writes.get(i).completeSeq() ? later : writes.get(i);
    }
    for (Observation seen : observations) {
      if (seen.writer.outcome() != Outcome.OK) {
        continue;
      }
      Operation overwrite = firstReturning[firstWriteInvokedAfter(seen.writer.completeSeq())];
      if (overwrite != null && overwrite.completeSeq() < seen.observer.invokeSeq()) {
        report(seen.observer, String.format(
            "it observed %s, written by #%d, but #%d overwrote that value: invoked after #%d completed,"
                + " it completed before this operation was invoked",
            Op.show(seen.observer.observedValue()), seen.writer.id(), overwrite.id(), seen.writer.id()),
            List.of(seen.writer, overwrite, seen.observer));
      }
    }
  }

  private void findInversions() {
    List<Observation> byReturn = observations.stream()
        .sorted(Comparator.comparingLong(seen -> seen.observer.completeSeq())).toList();
    // Among observations returning up to position i, the one whose writer was invoked last.
    List<Observation> latestWriter = new ArrayList<>(byReturn.size());
    for (Observation seen : byReturn) {
      Observation previous = latestWriter.isEmpty() ? null : latestWriter.get(latestWriter.size() - 1);
      latestWriter.add(previous != null && previous.writer.invokeSeq() > seen.writer.invokeSeq() ? previous : seen);
    }
    for (Observation later : observations) {
      if (later.writer.outcome() != Outcome.OK) {
        continue;
      }
      int before = countReturnedBefore(byReturn, later.observer.invokeSeq());
      Observation earlier = before == 0 ? null : latestWriter.get(before - 1);
      if (earlier != null && earlier.writer.invokeSeq() > later.writer.completeSeq()) {
        report(later.observer, String.format(
            "it observed %s after #%d had observed %s, yet %s was written by #%d, which completed"
                + " before #%d (the writer of %s) was invoked: the newer value was followed by the older",
            Op.show(later.observer.observedValue()), earlier.observer.id(),
            Op.show(earlier.observer.observedValue()), Op.show(later.observer.observedValue()),
            later.writer.id(), earlier.writer.id(), Op.show(earlier.observer.observedValue())),
            List.of(later.writer, earlier.writer, earlier.observer, later.observer));
      }
    }
  }

  private int firstWriteInvokedAfter(long seq) {
    int low = 0;
    int high = writes.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (writes.get(middle).invokeSeq() > seq) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  private static int countReturnedBefore(List<Observation> byReturn, long seq) {
    int low = 0;
    int high = byReturn.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (byReturn.get(middle).observer.completeSeq() < seq) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private void report(Operation observer, String reason, List<Operation> involved) {
    if (earliest == null || observer.completeSeq() < earliest.prefixEvents()) {
      List<Operation> ordered = involved.stream().sorted(Comparator.comparingLong(Operation::invokeSeq)).toList();
      earliest = new Violation(observer, reason, List.of(), ordered, observer.completeSeq());
    }
  }
}
