package dynamo.benchmark.ycsb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.Vector;
import java.util.concurrent.atomic.AtomicInteger;
import site.ycsb.ByteArrayByteIterator;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * YCSB binding for the store's client API: {@code GET /storage/{key}} with the key in URL-safe
 * base64 without padding, and {@code PUT /storage/} with {@code {"key": b64, "value": b64}}.
 * A record (its fields) is one value, encoded by {@link RecordCodec}.
 *
 * <p>Properties:
 * <ul>
 *   <li>{@code dynamo.endpoints}: comma-separated base URLs of nodes (default
 *       {@value #DEFAULT_ENDPOINTS}). YCSB client thread t (numbered in the order the threads call
 *       {@link #init()}) sends everything to endpoint t mod K, so each node coordinates the
 *       requests of its share of the threads.</li>
 *   <li>{@code dynamo.timeoutMillis}: per-request timeout (default {@value #DEFAULT_TIMEOUT_MILLIS},
 *       the same as the peers' HTTP binding); a timeout is an error.</li>
 *   <li>{@code dynamo.reads}, {@code dynamo.writes}: optional per-request quorum sizes
 *       ({@code minNumReads}, {@code minNumWrites}); by default the cluster's R and W apply.</li>
 * </ul>
 *
 * <p>Outcomes: a read answered 404 is {@code NOT_FOUND}; any other non-2xx answer, a write
 * answered {@code success: false}, an unreadable answer or a transport failure is {@code ERROR}.
 * An update that carries every field ({@code fieldcount} of them, as with
 * {@code writeallfields=true}) is one unconditional put; an update of some fields reads the
 * record and writes the merge conditionally on the version it read, retrying a lost race.
 * The first {@value #MAX_ERRORS_LOGGED} errors of the JVM are logged to stderr with their cause.
 */
public class DynamoStoreClient extends DB {
  public static final String ENDPOINTS = "dynamo.endpoints";
  public static final String TIMEOUT_MILLIS = "dynamo.timeoutMillis";
  public static final String READS = "dynamo.reads";
  public static final String WRITES = "dynamo.writes";
  static final String DEFAULT_ENDPOINTS = "http://127.0.0.1:18001";
  static final int DEFAULT_TIMEOUT_MILLIS = 5000;
  static final int MAX_ERRORS_LOGGED = 20;
  /** Attempts of a read-modify-write (partial update) before it counts as an error. */
  static final int MAX_MERGE_ATTEMPTS = 5;

  private static final Base64.Encoder KEY_IN_PATH = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64_DECODE = Base64.getDecoder();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Numbers the client threads in the order they call init(). */
  private static final AtomicInteger NEXT_THREAD = new AtomicInteger();
  private static final AtomicInteger ERRORS_LOGGED = new AtomicInteger();
  /** One client, hence one pool of keep-alive connections, for all threads of the JVM. */
  private static HttpClient sharedHttp;

  private int threadIndex = -1;
  private String endpoint;
  private HttpClient http;
  private Duration timeout;
  private String readQuery;
  private Integer writeQuorum;
  private int fieldCount;

  /** What a PUT came to. */
  private enum WriteOutcome { OK, LOST_RACE, ERROR }

  /** A record read, with the version a conditional write of it needs. */
  private record Read(Status status, String version, Map<String, byte[]> fields) {}

  @Override
  public void init() throws DBException {
    Properties p = getProperties();
    List<String> endpoints = parseEndpoints(p.getProperty(ENDPOINTS, DEFAULT_ENDPOINTS));
    int timeoutMillis = positive(p, TIMEOUT_MILLIS, DEFAULT_TIMEOUT_MILLIS);
    Integer reads = optionalPositive(p, READS);
    writeQuorum = optionalPositive(p, WRITES);
    readQuery = reads == null ? "" : "?minNumReads=" + reads;
    fieldCount = positive(p, "fieldcount", 10);
    timeout = Duration.ofMillis(timeoutMillis);
    http = sharedClient(timeout);
    threadIndex = NEXT_THREAD.getAndIncrement();
    endpoint = endpoints.get(threadIndex % endpoints.size());
  }

  private static synchronized HttpClient sharedClient(Duration connectTimeout) {
    if (sharedHttp == null) {
      sharedHttp = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(connectTimeout)
          .build();
    }
    return sharedHttp;
  }

  static List<String> parseEndpoints(String text) throws DBException {
    List<String> endpoints = new ArrayList<>();
    for (String part : text.split(",")) {
      String url = part.trim();
      while (url.endsWith("/")) {
        url = url.substring(0, url.length() - 1);
      }
      if (url.isEmpty()) {
        continue;
      }
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        throw new DBException(ENDPOINTS + ": not an http(s) URL: " + part.trim());
      }
      endpoints.add(url);
    }
    if (endpoints.isEmpty()) {
      throw new DBException(ENDPOINTS + " names no endpoint");
    }
    return endpoints;
  }

  private static int positive(Properties p, String name, int fallback) throws DBException {
    Integer value = optionalPositive(p, name);
    return value == null ? fallback : value;
  }

  private static Integer optionalPositive(Properties p, String name) throws DBException {
    String text = p.getProperty(name);
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new DBException(name + " must be a positive integer, got '" + text + "'");
  }

  /** This thread's number (init order, from 0). */
  int threadIndex() {
    return threadIndex;
  }

  /** The base URL this thread talks to. */
  String endpoint() {
    return endpoint;
  }

  /** Tests start numbering threads from 0 again. */
  static void resetThreadNumbering() {
    NEXT_THREAD.set(0);
  }

  // --- operations -------------------------------------------------------------------

  @Override
  public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
    Read read = get("READ", key);
    if (read.status() == Status.OK && result != null) {
      for (Map.Entry<String, byte[]> field : read.fields().entrySet()) {
        if (fields == null || fields.contains(field.getKey())) {
          result.put(field.getKey(), new ByteArrayByteIterator(field.getValue()));
        }
      }
    }
    return read.status();
  }

  @Override
  public Status insert(String table, String key, Map<String, ByteIterator> values) {
    return status(put("INSERT", key, RecordCodec.encode(bytesOf(values)), ""));
  }

  @Override
  public Status update(String table, String key, Map<String, ByteIterator> values) {
    Map<String, byte[]> changed = bytesOf(values);
    if (changed.size() >= fieldCount) {
      return status(put("UPDATE", key, RecordCodec.encode(changed), ""));
    }
    // Some fields only: merge them into the stored record, conditionally on its version so a
    // concurrent writer's fields are not lost.
    for (int attempt = 0; attempt < MAX_MERGE_ATTEMPTS; attempt++) {
      Read read = get("UPDATE", key);
      if (read.status() != Status.OK) {
        return read.status();
      }
      Map<String, byte[]> merged = new TreeMap<>(read.fields());
      merged.putAll(changed);
      WriteOutcome outcome = put("UPDATE", key, RecordCodec.encode(merged), read.version());
      if (outcome != WriteOutcome.LOST_RACE) {
        return status(outcome);
      }
    }
    logError("UPDATE", key, "lost " + MAX_MERGE_ATTEMPTS + " read-modify-write races in a row");
    return Status.ERROR;
  }

  /** A delete is a put of the empty value (a tombstone): the key then answers 404. */
  @Override
  public Status delete(String table, String key) {
    return status(put("DELETE", key, new byte[0], ""));
  }

  @Override
  public Status scan(String table, String startkey, int recordcount, Set<String> fields,
      Vector<HashMap<String, ByteIterator>> result) {
    return Status.NOT_IMPLEMENTED;
  }

  // --- HTTP -----------------------------------------------------------------------------

  private Read get(String op, String key) {
    String path = "/storage/" + KEY_IN_PATH.encodeToString(key.getBytes(StandardCharsets.UTF_8)) + readQuery;
    HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + path))
        .timeout(timeout)
        .GET()
        .build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 404) {
        return new Read(Status.NOT_FOUND, "", Map.of());
      }
      if (response.statusCode() / 100 != 2) {
        return failedRead(op, key, answer(response));
      }
      JsonNode value = JSON.readTree(response.body()).path("value");
      JsonNode values = value.path("values");
      if (!values.isArray() || values.isEmpty()) {
        return new Read(Status.NOT_FOUND, "", Map.of());
      }
      // Siblings (conflicts=siblings) come as several values: the first one stands for the record.
      Map<String, byte[]> fields = RecordCodec.decode(B64_DECODE.decode(values.get(0).asText()));
      return new Read(Status.OK, value.path("version").asText(""), fields);
    } catch (IOException | IllegalArgumentException e) {
      return failedRead(op, key, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failedRead(op, key, "interrupted");
    }
  }

  private Read failedRead(String op, String key, String why) {
    logError(op, key, why);
    return new Read(Status.ERROR, "", Map.of());
  }

  /** PUT the value; an empty fromVersion makes the write unconditional. */
  private WriteOutcome put(String op, String key, byte[] value, String fromVersion) {
    ObjectNode body = JSON.createObjectNode()
        .put("key", B64.encodeToString(key.getBytes(StandardCharsets.UTF_8)))
        .put("value", B64.encodeToString(value));
    if (!fromVersion.isEmpty()) {
      body.put("fromVersion", fromVersion);
    }
    if (writeQuorum != null) {
      body.put("minNumWrites", writeQuorum);
    }
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/storage/"))
          .timeout(timeout)
          .header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
          .build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() / 100 != 2) {
        logError(op, key, answer(response));
        return WriteOutcome.ERROR;
      }
      if (JSON.readTree(response.body()).path("success").asBoolean(false)) {
        return WriteOutcome.OK;
      }
      if (!fromVersion.isEmpty()) {
        return WriteOutcome.LOST_RACE;
      }
      logError(op, key, answer(response));
      return WriteOutcome.ERROR;
    } catch (IOException | IllegalArgumentException e) {
      logError(op, key, e.toString());
      return WriteOutcome.ERROR;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      logError(op, key, "interrupted");
      return WriteOutcome.ERROR;
    }
  }

  private static Status status(WriteOutcome outcome) {
    return outcome == WriteOutcome.OK ? Status.OK : Status.ERROR;
  }

  private static Map<String, byte[]> bytesOf(Map<String, ByteIterator> values) {
    Map<String, byte[]> fields = new TreeMap<>();
    for (Map.Entry<String, ByteIterator> field : values.entrySet()) {
      fields.put(field.getKey(), field.getValue().toArray());
    }
    return fields;
  }

  private static String answer(HttpResponse<byte[]> response) {
    String body = new String(response.body(), StandardCharsets.UTF_8);
    return response.statusCode() + " " + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
  }

  private void logError(String op, String key, String why) {
    int n = ERRORS_LOGGED.incrementAndGet();
    if (n <= MAX_ERRORS_LOGGED) {
      System.err.printf("DynamoStoreClient: %s %s at %s: %s%n", op, key, endpoint, why);
      if (n == MAX_ERRORS_LOGGED) {
        System.err.println("DynamoStoreClient: further errors are counted by YCSB but not logged");
      }
    }
  }
}
