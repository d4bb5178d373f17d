package dynamo.benchmark.scan;

import dynamo.client.DynamoClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Loads a running cluster (or one node) up to each of the given key counts and times a full
 * {@code GET /storage/*} at each (the median of three), with what the scan keeps referenced on the
 * nodes (their heap outside JE's cache after full GCs during a scan, minus before it) and their
 * peak heap in use: a scan that costs O(page) per page grows linearly with the keys, and what it
 * holds stays flat.
 *
 * <p>Usage: {@code ScanScaling URLS ADMIN_URLS [SIZES] [VALUE_BYTES]}, URLs comma-separated, sizes
 * ascending (default 50000,100000,200000), values of 100 bytes by default. It writes keys
 * {@code scan-scaling-%09d}; run it on an empty store (or one holding only its own keys).
 */
public final class ScanScaling {
  private static final int IN_FLIGHT = 64;
  private static final double MIB = 1024.0 * 1024.0;

  private ScanScaling() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ScanScaling URLS ADMIN_URLS [SIZES=50000,100000,200000] [VALUE_BYTES=100]");
      System.exit(2);
    }
    List<String> urls = List.of(args[0].split(","));
    List<String> admins = List.of(args[1].split(","));
    int[] sizes = Arrays.stream((args.length > 2 ? args[2] : "50000,100000,200000").split(","))
        .mapToInt(Integer::parseInt).toArray();
    int valueBytes = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    try (DynamoClient store = DynamoClient.builder().seeds(urls).adminSeeds(admins)
        .requestTimeout(Duration.ofSeconds(10)).scanTimeout(Duration.ofSeconds(30)).maxConnections(IN_FLIGHT).build()) {
      System.out.printf(Locale.ROOT, "%8s %8s %10s %13s %14s %11s %8s%n", "keys", "scan s", "us per key",
          "retained MiB", "scan holds MiB", "in use MiB", "load s");
      int loaded = 0;
      for (int size : sizes) {
        long loadStart = System.nanoTime();
        load(store, loaded, size, valueBytes);
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        loaded = size;
        // First pass: what the scan keeps referenced (full GC before each sample); it also warms up.
        long before = HeapSampler.retainedOutsideCacheNow(admins);
        long during;
        try (HeapSampler heap = HeapSampler.peakRetained(admins)) {
          count(store, size);
          during = heap.peakOutsideCacheBytes();
        }
        // Then three timed passes without forced GCs (the median counts): the heap as the collector leaves it.
        long inUse;
        long[] times = new long[3];
        try (HeapSampler heap = HeapSampler.peakInUse(admins)) {
          for (int pass = 0; pass < times.length; pass++) {
            long start = System.nanoTime();
            count(store, size);
            times[pass] = System.nanoTime() - start;
          }
          inUse = heap.peakBytes();
        }
        Arrays.sort(times);
        long median = times[1];
        System.out.printf(Locale.ROOT, "%8d %8.2f %10.1f %13.1f %14.1f %11.1f %8.1f%n", size, median / 1e9,
            median / 1e3 / size, before / MIB, (during - before) / MIB, inUse / MIB, loadSeconds);
      }
    }
  }

  /** Runs a full scan, reading each entry and keeping none, and checks it saw every key. */
  private static void count(DynamoClient store, int expected) {
    long count;
    try (Stream<dynamo.client.Entry> all = store.scan()) {
      count = all.count();
    }
    if (count != expected) {
      System.out.printf(Locale.ROOT, "(the scan returned %d keys, not %d)%n", count, expected);
    }
  }

  /** Writes keys [from, to) with at most {@value #IN_FLIGHT} puts in flight; a failed put is retried. */
  private static void load(DynamoClient store, int from, int to, int valueBytes) throws InterruptedException {
    Semaphore slots = new Semaphore(IN_FLIGHT);
    Random random = new Random(from);
    AtomicLong failures = new AtomicLong();
    List<Integer> retry = new ArrayList<>();
    for (int i = from; i < to; i++) {
      byte[] value = new byte[valueBytes];
      random.nextBytes(value);
      int index = i;
      slots.acquire();
      CompletableFuture<?> put = store.putAsync(key(i), value).whenComplete((r, e) -> {
        slots.release();
        if (e != null) {
          failures.incrementAndGet();
          synchronized (retry) {
            retry.add(index);
          }
        }
      });
      put.exceptionally(e -> null);
    }
    slots.acquire(IN_FLIGHT);
    for (int i : retry) {
      byte[] value = new byte[valueBytes];
      random.nextBytes(value);
      store.put(key(i), value);
    }
    if (failures.get() > 0) {
      System.out.printf(Locale.ROOT, "(%d puts failed once and were retried)%n", failures.get());
    }
  }

  private static byte[] key(int i) {
    return String.format(Locale.ROOT, "scan-scaling-%09d", i).getBytes(StandardCharsets.UTF_8);
  }
}
