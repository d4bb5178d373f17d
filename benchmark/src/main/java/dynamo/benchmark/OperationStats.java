package dynamo.benchmark;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies of the successful operations of one kind, and the count of failed ones. Many
 * threads record; {@link #interval()} takes what was recorded since the previous call, which
 * is how warm-up is left out.
 */
final class OperationStats {
  private final String name;
  private final Recorder latencies = new Recorder(3);
  private final LongAdder errors = new LongAdder();
  private final AtomicReference<String> firstError = new AtomicReference<>();

  OperationStats(String name) {
    this.name = name;
  }

  void success(long nanos) {
    latencies.recordValue(nanos);
  }

  void failure(String reason) {
    errors.increment();
    firstError.compareAndSet(null, reason);
  }

  /** The first failure ever seen, to tell the user why operations fail. */
  String firstError() {
    return firstError.get();
  }

  Interval interval() {
    return new Interval(name, latencies.getIntervalHistogram(), errors.sumThenReset());
  }

  /** What one kind of operation did during an interval; latencies in nanoseconds. */
  record Interval(String name, Histogram latencies, long errors) {
    long count() {
      return latencies.getTotalCount() + errors;
    }

    Interval plus(Interval other, String combinedName) {
      Histogram sum = latencies.copy();
      sum.add(other.latencies);
      return new Interval(combinedName, sum, errors + other.errors);
    }
  }
}
