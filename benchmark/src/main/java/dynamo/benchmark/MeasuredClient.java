package dynamo.benchmark;

import java.net.URI;

/** Times each get and put of a {@link StoreClient} and records the outcome in per-kind stats. */
final class MeasuredClient {
  private final StoreClient client;
  private final OperationStats gets = new OperationStats("get");
  private final OperationStats puts = new OperationStats("put");

  MeasuredClient(StoreClient client) {
    this.client = client;
  }

  OperationStats gets() {
    return gets;
  }

  OperationStats puts() {
    return puts;
  }

  void get(URI url, String pathKey) {
    measure(gets, "get answered with an error status", () -> client.get(url, pathKey));
  }

  void put(URI url, String bodyKey, String bodyValue) {
    measure(puts, "put answered with an error status or success: false", () -> client.put(url, bodyKey, bodyValue));
  }

  /** One request to a node: whether it answered as it should. */
  @FunctionalInterface
  private interface Request {
    boolean send() throws Exception;
  }

  private static void measure(OperationStats stats, String whenRefused, Request request) {
    long start = System.nanoTime();
    try {
      if (request.send()) {
        stats.success(System.nanoTime() - start);
      } else {
        stats.failure(whenRefused);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stats.failure(e.toString());
    } catch (Exception e) {
      stats.failure(e.toString());
    }
  }
}
