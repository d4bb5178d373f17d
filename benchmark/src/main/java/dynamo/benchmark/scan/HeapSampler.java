package dynamo.benchmark.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the nodes' heap in use (Dropwizard's {@code jvm.memory.heap.used} gauge on the admin port)
 * while a scan runs and keeps the highest value seen on any node. {@link #peakInUse} reads the gauge
 * as it is (live data plus garbage not yet collected, so it depends on the collector's timing);
 * {@link #peakRetained} asks for a full GC (the admin task {@code gc}) before each sample, so it
 * sees only what is still referenced: the store's own data plus what the scan holds. Each sample
 * is also read without JE's cache ({@code storage.cache.bytes}): the cache fills as a scan reads
 * records, up to its configured size, whatever the scan itself holds.
 */
final class HeapSampler implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<String> adminUrls;
  private final boolean collectFirst;
  private final long everyMillis;
  private final AtomicLong peak = new AtomicLong();
  private final AtomicLong peakOutsideCache = new AtomicLong();
  private final Thread sampler;
  private volatile boolean running = true;

  private HeapSampler(List<String> adminUrls, boolean collectFirst, long everyMillis) {
    this.adminUrls = adminUrls;
    this.collectFirst = collectFirst;
    this.everyMillis = everyMillis;
    this.sampler = new Thread(this::sample, "heap-sampler");
    sampler.setDaemon(true);
  }

  /** Samples the heap in use every 20 ms until closed. */
  static HeapSampler peakInUse(List<String> adminUrls) {
    HeapSampler sampler = new HeapSampler(adminUrls, false, 20);
    sampler.sampler.start();
    return sampler;
  }

  /** Samples the heap still referenced after a full GC, every 200 ms until closed. */
  static HeapSampler peakRetained(List<String> adminUrls) {
    HeapSampler sampler = new HeapSampler(adminUrls, true, 200);
    sampler.sampler.start();
    return sampler;
  }

  /** The heap still referenced now (after a full GC) outside JE's cache, the highest of the nodes. */
  static long retainedOutsideCacheNow(List<String> adminUrls) throws Exception {
    HeapSampler once = new HeapSampler(adminUrls, true, 0);
    once.sampleAll();
    return once.peakOutsideCache.get();
  }

  /** The highest value seen on any one node, in bytes. */
  long peakBytes() {
    return peak.get();
  }

  /** The highest value without JE's cache seen on any one node, in bytes. */
  long peakOutsideCacheBytes() {
    return peakOutsideCache.get();
  }

  private void sample() {
    while (running) {
      try {
        sampleAll();
        Thread.sleep(everyMillis);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        // a missed sample; the next one counts
      }
    }
  }

  private void sampleAll() throws Exception {
    for (String admin : adminUrls) {
      if (collectFirst) {
        http.send(HttpRequest.newBuilder(URI.create(admin + "/tasks/gc")).POST(HttpRequest.BodyPublishers.noBody())
            .build(), HttpResponse.BodyHandlers.discarding());
      }
      HttpResponse<byte[]> metrics = http.send(HttpRequest.newBuilder(URI.create(admin + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      JsonNode gauges = JSON.readTree(metrics.body()).path("gauges");
      long used = gauges.path("jvm.memory.heap.used").path("value").asLong();
      peak.accumulateAndGet(used, Math::max);
      peakOutsideCache.accumulateAndGet(used - gauges.path("storage.cache.bytes").path("value").asLong(), Math::max);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    sampler.interrupt();
    sampler.join();
  }
}
