package dynamo.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.benchmark.OperationStats.Interval;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTest {

  /** Latencies of 1, 2, ... 100 ms. */
  private static Histogram oneToHundredMillis() {
    Histogram histogram = new Histogram(3);
    for (int ms = 1; ms <= 100; ms++) {
      histogram.recordValue(TimeUnit.MILLISECONDS.toNanos(ms));
    }
    return histogram;
  }

  @Test
  void tableShowsCountsErrorsAndPercentilesInMillis() {
    Interval gets = new Interval("get", oneToHundredMillis(), 3);
    Interval puts = new Interval("put", new Histogram(3), 2);

    String[] lines = Report.table(List.of(gets, puts, gets.plus(puts, "all"))).split("\\R");

    assertThat(lines[0].split("\\s+")).containsExactly("op", "count", "errors", "p50", "ms", "p95", "ms", "p99", "ms", "max", "ms");
    // HdrHistogram with 3 significant digits reports values within 0.1 % of the true ones.
    assertThat(lines[1].split("\\s+")).containsExactly("get", "103", "3", "50.00", "95.03", "99.02", "100.01");
    assertThat(lines[2].split("\\s+")).containsExactly("put", "2", "2", "-", "-", "-", "-");
    assertThat(lines[3].split("\\s+")).containsExactly("all", "105", "5", "50.00", "95.03", "99.02", "100.01");
  }

  @Test
  void throughputCountsOnlySuccessfulOperations() {
    Interval gets = new Interval("get", oneToHundredMillis(), 40);
    Interval puts = new Interval("put", oneToHundredMillis(), 0);

    assertThat(Report.throughput(List.of(gets, puts), 4.0))
        .isEqualTo("throughput: 50.0 ops/s (200 successful operations in 4.0 s)%n".formatted());
  }

  @Test
  void mediansNameEachKindOfOperation() {
    Interval gets = new Interval("get", oneToHundredMillis(), 0);
    Interval puts = new Interval("put", new Histogram(3), 1);

    assertThat(Report.medians(List.of(gets, puts)))
        .isEqualTo("median: get 50.00 ms, put -%n".formatted());
  }
}
