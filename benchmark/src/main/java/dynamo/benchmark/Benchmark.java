package dynamo.benchmark;

import dynamo.benchmark.OperationStats.Interval;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import net.sourceforge.argparse4j.helper.HelpScreenException;
import net.sourceforge.argparse4j.inf.ArgumentParserException;

/** Entry point: load run (default) or latency probe against a running cluster. */
public final class Benchmark {
  private Benchmark() {}

  public static void main(String[] args) throws InterruptedException {
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(args);
    } catch (HelpScreenException e) {
      System.exit(0);  // the parser printed the help
      return;
    } catch (ArgumentParserException e) {
      e.getParser().handleError(e);
      System.exit(2);
      return;
    }
    MeasuredClient client = new MeasuredClient(new StoreClient());
    boolean clean = options.latencyProbe() ? probe(options, client) : load(options, client);
    System.exit(clean ? 0 : 1);
  }

  private static boolean load(BenchmarkOptions options, MeasuredClient client) throws InterruptedException {
    LoadRun run = new LoadRun(options, client);
    System.out.print(describe(options));
    if (options.preload()) {
      long start = System.nanoTime();
      run.preload();
      Interval preloaded = client.puts().interval();
      System.out.printf(Locale.ROOT, "preload: %d keys in %.1f s, %d errors%n",
          options.keys(), seconds(System.nanoTime() - start), preloaded.errors());
    }
    run.start();
    TimeUnit.SECONDS.sleep(options.warmupSeconds());
    client.gets().interval();  // forget the warm-up
    client.puts().interval();
    long start = System.nanoTime();
    TimeUnit.SECONDS.sleep(options.seconds());
    List<Interval> measured = List.of(client.gets().interval(), client.puts().interval());
    double elapsed = seconds(System.nanoTime() - start);
    run.stop();
    System.out.print(Report.throughput(measured, elapsed));
    return print(measured, client);
  }

  private static boolean probe(BenchmarkOptions options, MeasuredClient client) {
    System.out.printf(Locale.ROOT, "latency probe: %d sequential puts, then %d gets, %d-byte values, %s%n",
        options.probeCount(), options.probeCount(), options.valueBytes(), options.urls());
    new LatencyProbe(options.urls(), client).run(options.probeCount(), options.valueBytes());
    List<Interval> measured = List.of(client.gets().interval(), client.puts().interval());
    System.out.print(Report.medians(measured));
    return print(measured, client);
  }

  private static boolean print(List<Interval> measured, MeasuredClient client) {
    Interval all = measured.get(0).plus(measured.get(1), "all");
    System.out.print(Report.table(List.of(measured.get(0), measured.get(1), all)));
    for (OperationStats stats : List.of(client.gets(), client.puts())) {
      if (stats.firstError() != null) {
        System.out.println("first error: " + stats.firstError());
      }
    }
    return all.errors() == 0;
  }

  private static String describe(BenchmarkOptions o) {
    return String.format(Locale.ROOT,
        "benchmark: %d clients, %d keys, %d-byte values, %.0f%% gets, warm-up %d s, measured %d s, %s%n",
        o.clients(), o.keys(), o.valueBytes(), o.getRatio() * 100, o.warmupSeconds(), o.seconds(), o.urls());
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
