package dynamo.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Synchronous get and put against one node's client API; shared by all virtual clients. */
final class StoreClient {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();
  private final ObjectMapper json = new ObjectMapper();

  /** The body of PUT /storage/: an empty fromVersion makes the write unconditional. */
  record PutRequest(String key, String value, String fromVersion) {}

  /** True when the key was read, or is absent (404); false on any other answer. */
  boolean get(URI base, String pathKey) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/storage/" + pathKey))
        .timeout(REQUEST_TIMEOUT)
        .GET()
        .build();
    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    return status / 100 == 2 || status == 404;
  }

  /** True when the node answered 200 with success: true. */
  boolean put(URI base, String bodyKey, String bodyValue) throws IOException, InterruptedException {
    byte[] body = json.writeValueAsBytes(new PutRequest(bodyKey, bodyValue, ""));
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/storage/"))
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() / 100 != 2) {
      return false;
    }
    JsonNode success = json.readTree(response.body()).get("success");
    return success != null && success.asBoolean();
  }
}
