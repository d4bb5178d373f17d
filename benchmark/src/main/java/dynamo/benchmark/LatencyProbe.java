package dynamo.benchmark;

import java.net.URI;
import java.util.List;

/**
 * Latency of single requests on an idle cluster: sequential puts of fresh keys, then gets
 * of the same keys, one request in flight at a time, rotating over the URLs.
 */
final class LatencyProbe {
  /** Untimed requests first: they open connections and warm up this JVM's HTTP code. */
  private static final int WARMUP_OPERATIONS = 50;

  private final List<URI> urls;
  private final MeasuredClient client;

  LatencyProbe(List<URI> urls, MeasuredClient client) {
    this.urls = urls;
    this.client = client;
  }

  void run(int count, int valueBytes) {
    String value = LoadRun.randomValue(valueBytes);
    probe(new KeySpace("probe-warmup:", WARMUP_OPERATIONS), value);
    client.gets().interval();
    client.puts().interval();
    probe(new KeySpace("probe:" + System.currentTimeMillis() + ":", count), value);
  }

  private void probe(KeySpace keys, String value) {
    for (int i = 0; i < keys.size(); i++) {
      client.put(url(i), keys.bodyKey(i), value);
    }
    for (int i = 0; i < keys.size(); i++) {
      client.get(url(i + 1), keys.pathKey(i));
    }
  }

  /** Reads go to a different node than the write of the same key when there are several. */
  private URI url(int i) {
    return urls.get(i % urls.size());
  }
}
