package dynamo.benchmark.scan;

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
 * while a scan runs, and keeps the highest value seen on any node; asks each node for a full GC
 * first (the admin task {@code gc}) so that every measurement starts from the live data only.
 */
final class HeapSampler implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration EVERY = Duration.ofMillis(20);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<String> adminUrls;
  private final AtomicLong peak = new AtomicLong();
  private volatile boolean running = true;
  private final Thread sampler;

  private HeapSampler(List<String> adminUrls) {
    this.adminUrls = adminUrls;
    this.sampler = new Thread(this::sample, "heap-sampler");
    sampler.setDaemon(true);
  }

  /** Collects garbage on every node, then samples until closed. */
  static HeapSampler start(List<String> adminUrls) throws Exception {
    HeapSampler sampler = new HeapSampler(adminUrls);
    for (String admin : adminUrls) {
      sampler.http.send(HttpRequest.newBuilder(URI.create(admin + "/tasks/gc"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }
    sampler.sampler.start();
    return sampler;
  }

  /** The highest heap in use seen on any one node so far, in bytes. */
  long peakBytes() {
    return peak.get();
  }

  /** Heap in use on each node now, after a full GC: what the store keeps, not what a scan passed through. */
  static long liveBytesAfterGc(List<String> adminUrls) throws Exception {
    try (HeapSampler once = new HeapSampler(adminUrls)) {
      for (String admin : adminUrls) {
        once.http.send(HttpRequest.newBuilder(URI.create(admin + "/tasks/gc"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        once.peak.accumulateAndGet(once.heapUsed(admin), Math::max);
      }
      return once.peak.get();
    }
  }

  private void sample() {
    while (running) {
      for (String admin : adminUrls) {
        try {
          peak.accumulateAndGet(heapUsed(admin), Math::max);
        } catch (Exception e) {
          // a missed sample; the next one counts
        }
      }
      try {
        Thread.sleep(EVERY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private long heapUsed(String admin) throws Exception {
    HttpResponse<byte[]> metrics = http.send(HttpRequest.newBuilder(URI.create(admin + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    return JSON.readTree(metrics.body()).path("gauges").path("jvm.memory.heap.used").path("value").asLong();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    sampler.interrupt();
    if (sampler.isAlive()) {
      sampler.join();
    }
  }
}
