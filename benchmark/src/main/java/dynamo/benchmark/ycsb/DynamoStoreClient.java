package dynamo.benchmark.ycsb;

import dynamo.client.DynamoClient;
import dynamo.client.DynamoException;
import dynamo.client.GetResult;
import dynamo.client.Routing;
import dynamo.client.WriteResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
 * YCSB binding for the store, on the Java client ({@link DynamoClient}, its blocking calls: one
 * HTTP request on the YCSB thread, no hand-off). A record (its fields) is one value, encoded by
 * {@link RecordCodec}.
 *
 * <p>Properties:
 * <ul>
 *   <li>{@code dynamo.endpoints}: comma-separated client URLs of nodes (default
 *       {@value #DEFAULT_ENDPOINTS}).</li>
 *   <li>{@code dynamo.routing}: {@code node} (default): YCSB client thread t (numbered in the order
 *       the threads call {@link #init()}) sends everything to endpoint t mod K, so each node
 *       coordinates the requests of its share of the threads; {@code token}: every request goes to
 *       its key's first replica (token-aware routing, which saves the forward hop of a put), the
 *       ring read from {@code dynamo.adminEndpoints}.</li>
 *   <li>{@code dynamo.adminEndpoints}: comma-separated admin URLs of nodes, where {@code GET /ring}
 *       answers (needed by {@code dynamo.routing=token}).</li>
 *   <li>{@code dynamo.timeoutMillis}: per-request timeout (default {@value #DEFAULT_TIMEOUT_MILLIS},
 *       the same as the peers' HTTP binding); a timeout is an error.</li>
 *   <li>{@code dynamo.reads}, {@code dynamo.writes}: optional per-request quorum sizes
 *       ({@code minNumReads}, {@code minNumWrites}); by default the cluster's R and W apply.</li>
 * </ul>
 *
 * <p>Outcomes: a read of an absent key is {@code NOT_FOUND}; a failed read (the client tries a
 * second node first, if it knows one), a write whose outcome is unknown (503, timeout), an invalid
 * request, a write answered {@code success: false} or an unreadable record is {@code ERROR}. An
 * update that carries every field ({@code fieldcount} of them, as with {@code writeallfields=true})
 * is one unconditional put; an update of some fields reads the record and writes the merge
 * conditionally on the version it read, retrying a lost race. The first {@value #MAX_ERRORS_LOGGED}
 * errors of the JVM are logged to stderr with their cause.
 */
public class DynamoStoreClient extends DB {
  public static final String ENDPOINTS = "dynamo.endpoints";
  public static final String ADMIN_ENDPOINTS = "dynamo.adminEndpoints";
  public static final String ROUTING = "dynamo.routing";
  public static final String TIMEOUT_MILLIS = "dynamo.timeoutMillis";
  public static final String READS = "dynamo.reads";
  public static final String WRITES = "dynamo.writes";
  static final String DEFAULT_ENDPOINTS = "http://127.0.0.1:18001";
  static final int DEFAULT_TIMEOUT_MILLIS = 5000;
  static final int MAX_ERRORS_LOGGED = 20;
  /** Attempts of a read-modify-write (partial update) before it counts as an error. */
  static final int MAX_MERGE_ATTEMPTS = 5;

  /** Numbers the client threads in the order they call init(). */
  private static final AtomicInteger NEXT_THREAD = new AtomicInteger();
  private static final AtomicInteger ERRORS_LOGGED = new AtomicInteger();
  /** One client (one connection pool, one ring) per configuration, for all threads of the JVM. */
  private static final Map<String, Shared> SHARED = new HashMap<>();

  private int threadIndex = -1;
  private String endpoint;
  private String sharedKey;
  private DynamoClient client;
  private Integer readQuorum;
  private Integer writeQuorum;
  private int fieldCount;

  /** A client and how many binding instances use it. */
  private static final class Shared {
    final DynamoClient client;
    int users;

    Shared(DynamoClient client) {
      this.client = client;
    }
  }

  /** A record read, with the version a conditional write of it needs. */
  private record Read(Status status, String version, Map<String, byte[]> fields) {}

  @Override
  public void init() throws DBException {
    Properties p = getProperties();
    List<String> endpoints = parseEndpoints(ENDPOINTS, p.getProperty(ENDPOINTS, DEFAULT_ENDPOINTS));
    String admin = p.getProperty(ADMIN_ENDPOINTS, "");
    List<String> adminEndpoints = admin.isBlank() ? List.of() : parseEndpoints(ADMIN_ENDPOINTS, admin);
    Routing routing = routing(p.getProperty(ROUTING, "node"));
    if (routing == Routing.TOKEN_AWARE && adminEndpoints.isEmpty()) {
      throw new DBException(ROUTING + "=token reads the ring from " + ADMIN_ENDPOINTS + ": give at least one");
    }
    int timeoutMillis = positive(p, TIMEOUT_MILLIS, DEFAULT_TIMEOUT_MILLIS);
    readQuorum = optionalPositive(p, READS);
    writeQuorum = optionalPositive(p, WRITES);
    fieldCount = positive(p, "fieldcount", 10);
    int threads = positive(p, "threadcount", 1);
    threadIndex = NEXT_THREAD.getAndIncrement();
    DynamoClient shared = acquire(endpoints, adminEndpoints, routing, timeoutMillis, threads);
    if (routing == Routing.TOKEN_AWARE) {
      endpoint = "token-aware routing";
      client = shared;
    } else {
      endpoint = endpoints.get(threadIndex % endpoints.size());
      client = shared.pinnedTo(endpoint);
    }
  }

  private DynamoClient acquire(List<String> endpoints, List<String> adminEndpoints, Routing routing,
      int timeoutMillis, int threads) throws DBException {
    sharedKey = endpoints + " " + adminEndpoints + " " + routing + " " + timeoutMillis;
    synchronized (SHARED) {
      Shared shared = SHARED.get(sharedKey);
      if (shared == null) {
        try {
          shared = new Shared(DynamoClient.builder().seeds(endpoints).adminSeeds(adminEndpoints).routing(routing)
              .requestTimeout(Duration.ofMillis(timeoutMillis))
              .connectTimeout(Duration.ofMillis(timeoutMillis))
              .maxConnections(Math.max(16, threads * endpoints.size()))
              .build());
        } catch (RuntimeException e) {
          throw new DBException("cannot start the client: " + e.getMessage(), e);
        }
        SHARED.put(sharedKey, shared);
      }
      shared.users++;
      return shared.client;
    }
  }

  @Override
  public void cleanup() {
    synchronized (SHARED) {
      Shared shared = SHARED.get(sharedKey);
      if (shared != null && --shared.users == 0) {
        SHARED.remove(sharedKey);
        shared.client.close();
      }
    }
  }

  private static Routing routing(String text) throws DBException {
    return switch (text.trim()) {
      case "node" -> Routing.FIXED_NODE;
      case "token" -> Routing.TOKEN_AWARE;
      default -> throw new DBException(ROUTING + " is node or token, not '" + text + "'");
    };
  }

  static List<String> parseEndpoints(String property, String text) throws DBException {
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
        throw new DBException(property + ": not an http(s) URL: " + part.trim());
      }
      endpoints.add(url);
    }
    if (endpoints.isEmpty()) {
      throw new DBException(property + " names no endpoint");
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

  /** The base URL this thread talks to (routing off), or "token-aware routing". */
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
    return status(put("INSERT", key, RecordCodec.encode(bytesOf(values)), null));
  }

  @Override
  public Status update(String table, String key, Map<String, ByteIterator> values) {
    Map<String, byte[]> changed = bytesOf(values);
    if (changed.size() >= fieldCount) {
      return status(put("UPDATE", key, RecordCodec.encode(changed), null));
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
      WriteResult outcome = put("UPDATE", key, RecordCodec.encode(merged), read.version());
      if (outcome == null || outcome.written()) {
        return status(outcome);
      }
    }
    logError("UPDATE", key, "lost " + MAX_MERGE_ATTEMPTS + " read-modify-write races in a row");
    return Status.ERROR;
  }

  /** A delete is a put of the empty value (a tombstone): the key then answers 404. */
  @Override
  public Status delete(String table, String key) {
    return status(put("DELETE", key, new byte[0], null));
  }

  @Override
  public Status scan(String table, String startkey, int recordcount, Set<String> fields,
      Vector<HashMap<String, ByteIterator>> result) {
    return Status.NOT_IMPLEMENTED;
  }

  // --- the client -----------------------------------------------------------------------

  private Read get(String op, String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    try {
      GetResult found = readQuorum == null ? client.get(bytes) : client.get(bytes, readQuorum);
      if (!found.found()) {
        return new Read(Status.NOT_FOUND, "", Map.of());
      }
      // Siblings (conflicts=siblings) come as several values: the first one stands for the record.
      return new Read(Status.OK, found.version(), RecordCodec.decode(found.values().get(0)));
    } catch (DynamoException | IllegalArgumentException e) {
      logError(op, key, e.toString());
      return new Read(Status.ERROR, "", Map.of());
    }
  }

  /**
   * Puts the value, conditionally on {@code fromVersion} when not null. Null when it failed (logged);
   * a rejected unconditional put (which the store never answers) counts as failed too.
   */
  private WriteResult put(String op, String key, byte[] value, String fromVersion) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    try {
      WriteResult result;
      if (fromVersion == null) {
        result = writeQuorum == null ? client.put(bytes, value) : client.put(bytes, value, writeQuorum);
      } else {
        result = writeQuorum == null ? client.putIfVersion(bytes, value, fromVersion)
            : client.putIfVersion(bytes, value, fromVersion, writeQuorum);
      }
      if (result.rejected() && fromVersion == null) {
        logError(op, key, "an unconditional put answered success: false");
        return null;
      }
      return result;
    } catch (DynamoException | IllegalArgumentException e) {
      logError(op, key, e.toString());
      return null;
    }
  }

  private static Status status(WriteResult result) {
    return result != null && result.written() ? Status.OK : Status.ERROR;
  }

  private static Map<String, byte[]> bytesOf(Map<String, ByteIterator> values) {
    Map<String, byte[]> fields = new TreeMap<>();
    for (Map.Entry<String, ByteIterator> field : values.entrySet()) {
      fields.put(field.getKey(), field.getValue().toArray());
    }
    return fields;
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
