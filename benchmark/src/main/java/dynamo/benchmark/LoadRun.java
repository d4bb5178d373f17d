package dynamo.benchmark;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;

/**
 * The mixed get/put load: one thread per virtual client issuing synchronous requests
 * against uniformly random keys. Clients are spread round-robin over the URLs.
 */
final class LoadRun {
  private final BenchmarkOptions options;
  private final MeasuredClient client;
  private final KeySpace keys;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;

  LoadRun(BenchmarkOptions options, MeasuredClient client) {
    this.options = options;
    this.client = client;
    this.keys = new KeySpace("key:", options.keys());
  }

  /** Puts every key once, the key space split over the virtual clients. */
  void preload() throws InterruptedException {
    int clients = Math.min(options.clients(), keys.size());
    runToEnd(clients, c -> {
      URI url = urlOf(c);
      String value = randomValue(options.valueBytes());
      for (int k = c; k < keys.size(); k += clients) {
        client.put(url, keys.bodyKey(k), value);
      }
    });
  }

  /** Starts the virtual clients; they run until {@link #stop()}. */
  void start() {
    running = true;
    for (int c = 0; c < options.clients(); c++) {
      int id = c;
      Thread thread = new Thread(() -> loop(id), "client-" + c);
      thread.start();
      threads.add(thread);
    }
  }

  void stop() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join();
    }
  }

  private void loop(int clientId) {
    URI url = urlOf(clientId);
    String value = randomValue(options.valueBytes());
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (running) {
      int key = random.nextInt(keys.size());
      if (random.nextDouble() < options.getRatio()) {
        client.get(url, keys.pathKey(key));
      } else {
        client.put(url, keys.bodyKey(key), value);
      }
    }
  }

  private URI urlOf(int clientId) {
    return options.urls().get(clientId % options.urls().size());
  }

  /** Random bytes, so that no layer can compress or deduplicate them, in base64. */
  static String randomValue(int bytes) {
    byte[] value = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(value);
    return Base64.getEncoder().encodeToString(value);
  }

  private static void runToEnd(int count, IntConsumer body) throws InterruptedException {
    List<Thread> workers = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      int id = c;
      Thread thread = new Thread(() -> body.accept(id), "preload-" + c);
      thread.start();
      workers.add(thread);
    }
    for (Thread thread : workers) {
      thread.join();
    }
  }
}
