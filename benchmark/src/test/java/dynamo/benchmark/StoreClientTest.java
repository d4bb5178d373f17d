package dynamo.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a stub node that answers what each test sets. */
class StoreClientTest {
  private final AtomicReference<String> requestLine = new AtomicReference<>();
  private final AtomicReference<String> requestBody = new AtomicReference<>();
  private volatile int status = 200;
  private volatile String answer = "{}";
  private HttpServer server;
  private URI base;

  @BeforeEach
  void startStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stopStub() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requestLine.set(exchange.getRequestMethod() + " " + exchange.getRequestURI());
    requestBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    byte[] body = answer.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @Test
  void putSendsAnUnconditionalWriteAndNeedsSuccess() throws Exception {
    answer = "{\"success\": true, \"version\": \"v\"}";

    assertThat(new StoreClient().put(base, "a2V5", "dmFs")).isTrue();

    assertThat(requestLine.get()).isEqualTo("PUT /storage/");
    JsonNode sent = new ObjectMapper().readTree(requestBody.get());
    assertThat(sent.get("key").asText()).isEqualTo("a2V5");
    assertThat(sent.get("value").asText()).isEqualTo("dmFs");
    assertThat(sent.get("fromVersion").asText()).isEmpty();
    assertThat(sent.has("minNumWrites")).isFalse();
  }

  @Test
  void putFailsOnSuccessFalseOrAnErrorStatus() throws Exception {
    answer = "{\"success\": false}";
    assertThat(new StoreClient().put(base, "a2V5", "dmFs")).isFalse();

    status = 503;
    answer = "{\"error\": \"no quorum\"}";
    assertThat(new StoreClient().put(base, "a2V5", "dmFs")).isFalse();
  }

  @Test
  void getAcceptsFoundAndAbsentKeysOnly() throws Exception {
    StoreClient client = new StoreClient();

    assertThat(client.get(base, "a2V5")).isTrue();
    assertThat(requestLine.get()).isEqualTo("GET /storage/a2V5");

    status = 404;
    assertThat(client.get(base, "a2V5")).isTrue();

    status = 503;
    assertThat(client.get(base, "a2V5")).isFalse();
  }
}
