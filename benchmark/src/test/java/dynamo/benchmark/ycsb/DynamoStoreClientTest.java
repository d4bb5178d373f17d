package dynamo.benchmark.ycsb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import site.ycsb.ByteIterator;
import site.ycsb.DBException;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

/** The binding against in-JVM stubs of the store's /storage API. */
class DynamoStoreClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<StubNode> nodes = new ArrayList<>();

  @BeforeEach
  void numberThreadsFromZero() {
    DynamoStoreClient.resetThreadNumbering();
  }

  @AfterEach
  void stopStubs() {
    nodes.forEach(StubNode::stop);
  }

  @Test
  void insertThenReadRoundTripsTheRecord() throws Exception {
    StubNode node = stub();
    DynamoStoreClient db = client(props(node.url()));

    assertThat(db.insert("usertable", "user42", fields("field0", "hello"))).isEqualTo(Status.OK);
    Map<String, ByteIterator> result = new HashMap<>();
    assertThat(db.read("usertable", "user42", null, result)).isEqualTo(Status.OK);

    assertThat(result).containsOnlyKeys("field0");
    assertThat(result.get("field0").toString()).isEqualTo("hello");
    Request put = node.requests.get(0);
    assertThat(put.line()).isEqualTo("PUT /storage/");
    assertThat(put.json().get("key").asText()).isEqualTo(b64("user42"));
    assertThat(Base64.getDecoder().decode(put.json().get("value").asText()))
        .isEqualTo(RecordCodec.encode(Map.of("field0", "hello".getBytes(StandardCharsets.UTF_8))));
    assertThat(put.json().has("fromVersion")).isFalse();
    assertThat(put.json().has("minNumWrites")).isFalse();
    // URL-safe, unpadded base64 in the path: "user42" is dXNlcjQy, "k?>" would need '/' and '='
    assertThat(node.requests.get(1).line()).isEqualTo("GET /storage/dXNlcjQy");
  }

  @Test
  void keyInPathUsesTheUrlSafeAlphabetWithoutPadding() throws Exception {
    StubNode node = stub();
    DynamoStoreClient db = client(props(node.url()));

    db.read("usertable", "k??>", null, new HashMap<>());

    // standard base64 of "k??>" is az8/Pg==
    assertThat(node.requests.get(0).line()).isEqualTo("GET /storage/az8_Pg");
  }

  @Test
  void readOfSomeFieldsReturnsOnlyThose() throws Exception {
    StubNode node = stub();
    DynamoStoreClient db = client(props(node.url()));
    Map<String, ByteIterator> both = fields("field0", "a");
    both.putAll(fields("field1", "b"));
    db.insert("usertable", "k", both);

    Map<String, ByteIterator> result = new HashMap<>();
    assertThat(db.read("usertable", "k", java.util.Set.of("field1"), result)).isEqualTo(Status.OK);

    assertThat(result).containsOnlyKeys("field1");
  }

  @Test
  void absentKeyIsNotFound() throws Exception {
    DynamoStoreClient db = client(props(stub().url()));

    assertThat(db.read("usertable", "nobody", null, new HashMap<>())).isEqualTo(Status.NOT_FOUND);
  }

  @Test
  void deleteWritesATombstone() throws Exception {
    StubNode node = stub();
    DynamoStoreClient db = client(props(node.url()));
    db.insert("usertable", "k", fields("field0", "v"));

    assertThat(db.delete("usertable", "k")).isEqualTo(Status.OK);

    assertThat(node.requests.get(1).json().get("value").asText()).isEmpty();
    assertThat(db.read("usertable", "k", null, new HashMap<>())).isEqualTo(Status.NOT_FOUND);
  }

  @Test
  void failuresAreErrors() throws Exception {
    StubNode node = stub();
    DynamoStoreClient db = client(props(node.url()));

    node.forced = new Answer(503, "{\"error\":\"no quorum\"}");
    assertThat(db.update("usertable", "k", fields("field0", "v"))).isEqualTo(Status.ERROR);
    assertThat(db.read("usertable", "k", null, new HashMap<>())).isEqualTo(Status.ERROR);

    node.forced = new Answer(200, "{\"success\":false}");
    assertThat(db.insert("usertable", "k", fields("field0", "v"))).isEqualTo(Status.ERROR);

    node.forced = new Answer(200, "not json");
    assertThat(db.insert("usertable", "k", fields("field0", "v"))).isEqualTo(Status.ERROR);
    assertThat(db.read("usertable", "k", null, new HashMap<>())).isEqualTo(Status.ERROR);

    // a value that is not a record this binding wrote
    node.forced = new Answer(200, "{\"key\":\"aw==\",\"value\":{\"version\":\"v\",\"values\":[\"BWFi\"]}}");
    assertThat(db.read("usertable", "k", null, new HashMap<>())).isEqualTo(Status.ERROR);

    node.forced = new Answer(413, "{\"error\":\"too large\"}");
    assertThat(db.insert("usertable", "k", fields("field0", "v"))).isEqualTo(Status.ERROR);
  }

  @Test
  void unreachableNodeIsAnError() throws Exception {
    StubNode node = stub();
    String url = node.url();
    node.stop();

    DynamoStoreClient db = client(props(url));

    assertThat(db.read("usertable", "k", null, new HashMap<>())).isEqualTo(Status.ERROR);
    assertThat(db.insert("usertable", "k", fields("field0", "v"))).isEqualTo(Status.ERROR);
  }

  @Test
  void slowAnswerTimesOutAfterTimeoutMillis() throws Exception {
    StubNode node = stub();
    node.delayMillis = 3000;
    Properties p = props(node.url());
    p.setProperty(DynamoStoreClient.TIMEOUT_MILLIS, "200");
    DynamoStoreClient db = client(p);

    long start = System.nanoTime();
    Status status = db.read("usertable", "k", null, new HashMap<>());
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(status).isEqualTo(Status.ERROR);
    assertThat(tookMillis).isBetween(150L, 2500L);
  }

  @Test
  void threadTUsesEndpointTModK() throws Exception {
    StubNode a = stub();
    StubNode b = stub();
    StubNode c = stub();
    Properties p = props(a.url() + ", " + b.url() + "/," + c.url());
    List<DynamoStoreClient> threads = new ArrayList<>();
    for (int t = 0; t < 7; t++) {
      threads.add(client(p));
    }

    for (DynamoStoreClient db : threads) {
      db.insert("usertable", "thread" + db.threadIndex(), fields("field0", "x"));
    }

    List<StubNode> expected = List.of(a, b, c);
    for (DynamoStoreClient db : threads) {
      assertThat(db.endpoint()).isEqualTo(expected.get(db.threadIndex() % 3).url());
    }
    assertThat(threads).extracting(DynamoStoreClient::threadIndex).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(a.keys()).containsExactlyInAnyOrder("thread0", "thread3", "thread6");
    assertThat(b.keys()).containsExactlyInAnyOrder("thread1", "thread4");
    assertThat(c.keys()).containsExactlyInAnyOrder("thread2", "thread5");
  }

  @Test
  void quorumPropertiesGoIntoEveryRequest() throws Exception {
    StubNode node = stub();
    Properties p = props(node.url());
    p.setProperty(DynamoStoreClient.READS, "3");
    p.setProperty(DynamoStoreClient.WRITES, "1");
    DynamoStoreClient db = client(p);

    db.insert("usertable", "k", fields("field0", "v"));
    db.read("usertable", "k", null, new HashMap<>());

    assertThat(node.requests.get(0).json().get("minNumWrites").asInt()).isEqualTo(1);
    assertThat(node.requests.get(1).line()).isEqualTo("GET /storage/aw?minNumReads=3");
  }

  @Test
  void partialUpdateMergesConditionallyAndRetriesALostRace() throws Exception {
    StubNode node = stub();
    DynamoStoreClient db = client(node.url(), 2);
    Map<String, ByteIterator> both = fields("field0", "a");
    both.putAll(fields("field1", "b"));
    db.insert("usertable", "k", both);

    node.loseNextConditionalPut.set(true);
    assertThat(db.update("usertable", "k", fields("field1", "B"))).isEqualTo(Status.OK);

    Map<String, ByteIterator> result = new HashMap<>();
    db.read("usertable", "k", null, result);
    assertThat(result.get("field0").toString()).isEqualTo("a");
    assertThat(result.get("field1").toString()).isEqualTo("B");
    // insert, then (GET, conditional PUT that lost), then (GET, conditional PUT), then the read
    assertThat(node.requests).extracting(Request::line).containsExactly(
        "PUT /storage/", "GET /storage/aw", "PUT /storage/", "GET /storage/aw", "PUT /storage/", "GET /storage/aw");
    assertThat(node.requests.get(2).json().get("fromVersion").asText()).isEqualTo("v1");
    assertThat(node.requests.get(4).json().get("fromVersion").asText()).isEqualTo("v2");
  }

  @Test
  void updateOfEveryFieldIsOneBlindPut() throws Exception {
    StubNode node = stub();
    DynamoStoreClient db = client(node.url(), 1);

    assertThat(db.update("usertable", "k", fields("field0", "v"))).isEqualTo(Status.OK);

    assertThat(node.requests).hasSize(1);
    assertThat(node.requests.get(0).json().has("fromVersion")).isFalse();
  }

  @Test
  void partialUpdateOfAbsentRecordIsNotFound() throws Exception {
    DynamoStoreClient db = client(stub().url(), 2);

    assertThat(db.update("usertable", "nobody", fields("field1", "x"))).isEqualTo(Status.NOT_FOUND);
  }

  @Test
  void badPropertiesAreRefused() {
    assertThatThrownBy(() -> client(props(" , "))).isInstanceOf(DBException.class);
    assertThatThrownBy(() -> client(props("127.0.0.1:18001"))).isInstanceOf(DBException.class);
    Properties p = props("http://127.0.0.1:1");
    p.setProperty(DynamoStoreClient.TIMEOUT_MILLIS, "0");
    assertThatThrownBy(() -> client(p)).isInstanceOf(DBException.class);
    Properties token = props("http://127.0.0.1:1");
    token.setProperty(DynamoStoreClient.ROUTING, "token");
    assertThatThrownBy(() -> client(token)).isInstanceOf(DBException.class).hasMessageContaining("adminEndpoints");
    token.setProperty(DynamoStoreClient.ROUTING, "sideways");
    assertThatThrownBy(() -> client(token)).isInstanceOf(DBException.class).hasMessageContaining("node or token");
  }

  @Test
  void tokenRoutingSharesOneClientAndServesFromTheSeedsUntilARingIsRead() throws Exception {
    StubNode node = stub();
    Properties p = props(node.url());
    p.setProperty(DynamoStoreClient.ROUTING, "token");
    p.setProperty(DynamoStoreClient.ADMIN_ENDPOINTS, node.url());
    DynamoStoreClient first = client(p);
    DynamoStoreClient second = client(p);

    assertThat(first.endpoint()).isEqualTo("token-aware routing");
    assertThat(first.insert("usertable", "k", fields("field0", "v"))).isEqualTo(Status.OK);
    assertThat(second.read("usertable", "k", null, new HashMap<>())).isEqualTo(Status.OK);
    first.cleanup();
    assertThat(second.read("usertable", "k", null, new HashMap<>())).as("still open for the second").isEqualTo(Status.OK);
    second.cleanup();
    assertThat(node.requests).extracting(Request::line).contains("GET /ring");
  }

  // --- helpers ------------------------------------------------------------------------

  private StubNode stub() throws IOException {
    StubNode node = new StubNode();
    nodes.add(node);
    return node;
  }

  private static Properties props(String endpoints) {
    Properties p = new Properties();
    p.setProperty(DynamoStoreClient.ENDPOINTS, endpoints);
    return p;
  }

  /** A client of records with {@code fieldcount} fields (YCSB's property). */
  private static DynamoStoreClient client(String endpoints, int fieldcount) throws DBException {
    Properties p = props(endpoints);
    p.setProperty("fieldcount", Integer.toString(fieldcount));
    return client(p);
  }

  private static DynamoStoreClient client(Properties p) throws DBException {
    DynamoStoreClient db = new DynamoStoreClient();
    db.setProperties(p);
    db.init();
    return db;
  }

  private static Map<String, ByteIterator> fields(String name, String value) {
    Map<String, ByteIterator> fields = new HashMap<>();
    fields.put(name, new StringByteIterator(value));
    return fields;
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  record Request(String line, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  record Answer(int status, String body) {}

  record Stored(int version, byte[] value) {}

  /** A node's /storage API over a map: versions v1, v2, ...; fromVersion checked; "" deletes. */
  static final class StubNode {
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final Map<String, Stored> data = new ConcurrentHashMap<>();
    final AtomicBoolean loseNextConditionalPut = new AtomicBoolean();
    volatile Answer forced;
    volatile long delayMillis;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private boolean stopped;

    StubNode() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", this::handle);
      server.setExecutor(executor);
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> keys() {
      return data.keySet().stream().sorted().toList();
    }

    void stop() {
      if (!stopped) {
        stopped = true;
        server.stop(0);
        executor.shutdownNow();
      }
    }

    private void handle(HttpExchange exchange) throws IOException {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(new Request(exchange.getRequestMethod() + " " + exchange.getRequestURI(), body));
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Answer answer = forced != null ? forced : answer(exchange, body);
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    }

    private Answer answer(HttpExchange exchange, String body) throws IOException {
      if (exchange.getRequestMethod().equals("GET")) {
        String pathKey = exchange.getRequestURI().getPath().substring("/storage/".length());
        String key = new String(Base64.getUrlDecoder().decode(pathKey), StandardCharsets.UTF_8);
        Stored stored = data.get(key);
        if (stored == null || stored.value().length == 0) {
          return new Answer(404, "{\"key\":\"\",\"value\":{\"version\":\"\",\"values\":[]}}");
        }
        return new Answer(200, "{\"key\":\"" + b64(key) + "\",\"value\":{\"version\":\"v" + stored.version()
            + "\",\"values\":[\"" + Base64.getEncoder().encodeToString(stored.value()) + "\"]}}");
      }
      JsonNode put = JSON.readTree(body);
      String key = new String(Base64.getDecoder().decode(put.get("key").asText()), StandardCharsets.UTF_8);
      byte[] value = Base64.getDecoder().decode(put.get("value").asText());
      synchronized (this) {
        Stored old = data.get(key);
        if (put.has("fromVersion")) {
          String current = old == null ? "" : "v" + old.version();
          if (loseNextConditionalPut.getAndSet(false) || !put.get("fromVersion").asText().equals(current)) {
            // a concurrent writer: bump the version so the retry reads a new one
            if (old != null) {
              data.put(key, new Stored(old.version() + 1, old.value()));
            }
            return new Answer(200, "{\"success\":false}");
          }
        }
        int version = old == null ? 1 : old.version() + 1;
        data.put(key, new Stored(version, value));
        return new Answer(200, "{\"success\":true,\"version\":\"v" + version + "\"}");
      }
    }
  }
}
