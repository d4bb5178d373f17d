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
    long start = System.nanoTime();
    try {
      if (client.get(url, pathKey)) {
        gets.success(System.nanoTime() - start);
      } else {
        gets.failure("get answered with an error status");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      gets.failure(e.toString());
    } catch (Exception e) {
      gets.failure(e.toString());
    }
  }

  void put(URI url, String bodyKey, String bodyValue) {
    long start = System.nanoTime();
    try {
      if (client.put(url, bodyKey, bodyValue)) {
        puts.success(System.nanoTime() - start);
      } else {
        puts.failure("put answered with an error status or success: false");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      puts.failure(e.toString());
    } catch (Exception e) {
      puts.failure(e.toString());
    }
  }
}
