package dynamo.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A stand-in node for client tests: a real HTTP server (the JDK's) on loopback that records what it
 * receives and answers as told: any status and body, after a delay (to make the client time out),
 * with the node's id and a ring epoch in the headers; {@code GET /ring} answers the ring it is given.
 * {@link #stop()} closes the port, so connections are refused.
 */
public final class FakeNode implements AutoCloseable {
    /** What the node received. */
    public record Request(String method, String path, String body) {
    }

    /** How it answers. */
    public record Answer(int status, String body, long delayMillis) {
        public static Answer of(int status, String body) {
            return new Answer(status, body, 0);
        }
    }

    static {
        // Without it the JDK's server writes headers and body apart and Nagle's algorithm delays each answer by ~40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public static final String ABSENT = "{\"key\":\"\",\"value\":{\"version\":\"\",\"values\":[]}}";

    private final String id;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicReference<Function<Request, Answer>> answers =
            new AtomicReference<>(request -> Answer.of(404, ABSENT));
    private final AtomicReference<String> ring = new AtomicReference<>();
    private final AtomicReference<String> epoch = new AtomicReference<>();

    private FakeNode(String id) throws IOException {
        this.id = id;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeNode start(String id) throws IOException {
        return new FakeNode(id);
    }

    public String id() {
        return id;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeNode answer(Function<Request, Answer> how) {
        answers.set(how);
        return this;
    }

    public FakeNode answerAll(int status, String body) {
        return answer(request -> Answer.of(status, body));
    }

    public FakeNode ring(String json) {
        ring.set(json);
        return this;
    }

    /** The epoch named in every answer's header; null: no header. */
    public FakeNode epoch(String value) {
        epoch.set(value);
        return this;
    }

    /** What reached /storage (ring reads are left out). */
    public List<Request> received() {
        return received.stream().filter(r -> r.path().startsWith("/storage")).toList();
    }

    /** "path Authorization-header" of every request, "path -" where it had none. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    public long ringReads() {
        return received.stream().filter(r -> r.path().equals("/ring")).count();
    }

    public void clear() {
        received.clear();
    }

    public void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                    body);
            received.add(request);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(exchange.getRequestURI().getRawPath() + " " + (authorization == null ? "-" : authorization));
            Answer answer = request.path().equals("/ring") && ring.get() != null
                    ? Answer.of(200, ring.get()) : answers.get().apply(request);
            if (answer.delayMillis() > 0) {
                Thread.sleep(answer.delayMillis());
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-Dynamo-Node", id);
            if (epoch.get() != null) {
                exchange.getResponseHeaders().add("X-Dynamo-Ring-Epoch", epoch.get());
            }
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
