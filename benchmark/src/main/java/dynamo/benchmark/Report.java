package dynamo.benchmark;

import dynamo.benchmark.OperationStats.Interval;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/** Formats measured intervals as a small text table; latencies in milliseconds. */
final class Report {
  private static final String ROW = "%-4s %10s %8s %9s %9s %9s %9s%n";

  private Report() {}

  /** Throughput counts successful operations only; the table shows failures separately. */
  static String throughput(List<Interval> intervals, double seconds) {
    long succeeded = intervals.stream().mapToLong(i -> i.latencies().getTotalCount()).sum();
    return String.format(Locale.ROOT, "throughput: %.1f ops/s (%d successful operations in %.1f s)%n",
        succeeded / seconds, succeeded, seconds);
  }

  /** One line: the median latency of each kind of operation. */
  static String medians(List<Interval> intervals) {
    return intervals.stream()
        .map(interval -> interval.name() + " " + withUnit(millis(interval.latencies(), 50)))
        .collect(Collectors.joining(", ", "median: ", System.lineSeparator()));
  }

  static String table(List<Interval> intervals) {
    StringBuilder out = new StringBuilder(
        String.format(Locale.ROOT, ROW, "op", "count", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms"));
    for (Interval interval : intervals) {
      Histogram h = interval.latencies();
      out.append(String.format(Locale.ROOT, ROW, interval.name(), interval.count(), interval.errors(),
          millis(h, 50), millis(h, 95), millis(h, 99), millis(h, 100)));
    }
    return out.toString();
  }

  private static String withUnit(String millis) {
    return "-".equals(millis) ? millis : millis + " ms";
  }

  private static String millis(Histogram h, double percentile) {
    if (h.getTotalCount() == 0) {
      return "-";
    }
    long nanos = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
    return String.format(Locale.ROOT, "%.2f", nanos / (double) TimeUnit.MILLISECONDS.toNanos(1));
  }
}
