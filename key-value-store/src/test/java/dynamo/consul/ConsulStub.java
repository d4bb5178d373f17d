package dynamo.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Consul agent reduced to the three endpoints {@link ConsulMembership} calls: service register,
 * service deregister and health of a service. Checks are not run: tests set each instance's status,
 * which starts "critical" as in Consul. Faults: answer 500, or close connections without answering;
 * {@link #stop()} and {@link #restart()} (on the same port, with empty state) simulate an outage.
 */
final class ConsulStub implements AutoCloseable {
    enum Fault { NONE, STATUS_500, DROP_CONNECTION }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NODE = "stub-node";

    private final Map<String, JsonNode> services = new ConcurrentHashMap<>();
    private final Map<String, String> status = new ConcurrentHashMap<>();
    final List<JsonNode> registrations = new CopyOnWriteArrayList<>();
    final List<String> deregistrations = new CopyOnWriteArrayList<>();
    final AtomicInteger healthQueries = new AtomicInteger();
    final AtomicInteger failedRequests = new AtomicInteger();
    private final AtomicLong index = new AtomicLong(1);
    private volatile Fault fault = Fault.NONE;
    private HttpServer server;
    private ExecutorService executor;

    private ConsulStub() {
    }

    static ConsulStub start() {
        ConsulStub stub = new ConsulStub();
        stub.listen(0);
        return stub;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void setStatus(String serviceId, String checkStatus) {
        status.put(serviceId, checkStatus);
        index.incrementAndGet();
    }

    void pass(String serviceId) {
        setStatus(serviceId, "passing");
    }

    /** Adds an instance as another agent would have it, bypassing the register endpoint. */
    void addInstance(String serviceId, ObjectNode registration, String checkStatus) {
        services.put(serviceId, registration);
        setStatus(serviceId, checkStatus);
    }

    /** What an operator's deregistration does (through any agent): the instance is gone. */
    void remove(String serviceId) {
        services.remove(serviceId);
        status.remove(serviceId);
        index.incrementAndGet();
    }

    boolean isRegistered(String serviceId) {
        return services.containsKey(serviceId);
    }

    void fault(Fault f) {
        fault = f;
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Comes back on the same port having forgotten every registration, like a -dev agent restarted. */
    void restart() {
        services.clear();
        status.clear();
        listen(server.getAddress().getPort());
    }

    @Override
    public void close() {
        stop();
    }

    private void listen(int onPort) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (fault == Fault.DROP_CONNECTION) {
                failedRequests.incrementAndGet();
                return; // closing the exchange before any response closes the connection
            }
            if (fault == Fault.STATUS_500) {
                failedRequests.incrementAndGet();
                respond(exchange, 500, "rpc error: No cluster leader");
                return;
            }
            route(exchange);
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (method.equals("PUT") && path.equals("/v1/agent/service/register")) {
            register(readJson(exchange.getRequestBody()));
            respond(exchange, 200, "");
        } else if (method.equals("PUT") && path.startsWith("/v1/agent/service/deregister/")) {
            String id = path.substring("/v1/agent/service/deregister/".length());
            deregistrations.add(id);
            services.remove(id);
            index.incrementAndGet();
            respond(exchange, 200, "");
        } else if (method.equals("GET") && path.startsWith("/v1/health/service/")) {
            healthQueries.incrementAndGet();
            String name = path.substring("/v1/health/service/".length());
            boolean passingOnly = String.valueOf(exchange.getRequestURI().getQuery()).contains("passing");
            respond(exchange, 200, JSON.writeValueAsString(health(name, passingOnly)));
        } else {
            respond(exchange, 404, "unknown endpoint " + method + " " + path);
        }
    }

    private void register(JsonNode body) {
        registrations.add(body);
        String id = field(body, "ID").asText(field(body, "Name").asText());
        services.put(id, body);
        status.putIfAbsent(id, field(field(body, "Check"), "Status").asText("critical"));
        index.incrementAndGet();
    }

    /** A field of a request body as Consul (Go's encoding/json) finds it: the name's case is ignored. */
    static JsonNode field(JsonNode node, String name) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String candidate = names.next();
            if (candidate.equalsIgnoreCase(name)) {
                return node.get(candidate);
            }
        }
        return MissingNode.getInstance();
    }

    private ArrayNode health(String serviceName, boolean passingOnly) {
        ArrayNode result = JSON.createArrayNode();
        services.forEach((id, reg) -> {
            String checkStatus = status.getOrDefault(id, "critical");
            if (field(reg, "Name").asText().equals(serviceName) && (!passingOnly || checkStatus.equals("passing"))) {
                result.add(instance(id, reg, checkStatus));
            }
        });
        return result;
    }

    /** One element of GET /v1/health/service/:name, shaped as Consul's. */
    private static ObjectNode instance(String id, JsonNode reg, String checkStatus) {
        ObjectNode out = JSON.createObjectNode();
        out.putObject("Node").put("ID", "0000").put("Node", NODE).put("Address", "127.0.0.1").put("Datacenter", "dc1");
        ObjectNode service = out.putObject("Service");
        String name = field(reg, "Name").asText();
        service.put("ID", id).put("Service", name);
        service.putArray("Tags");
        service.put("Address", field(reg, "Address").asText()).put("Port", field(reg, "Port").asInt());
        JsonNode meta = field(reg, "Meta");
        service.set("Meta", meta.isObject() ? meta : JSON.createObjectNode());
        ArrayNode checks = out.putArray("Checks");
        checks.addObject().put("Node", NODE).put("CheckID", "serfHealth").put("Name", "Serf Health Status")
                .put("Status", "passing").put("ServiceID", "").put("ServiceName", "");
        checks.addObject().put("Node", NODE).put("CheckID", "service:" + id)
                .put("Name", "Service '" + name + "' check")
                .put("Status", checkStatus).put("ServiceID", id).put("ServiceName", name);
        return out;
    }

    private void respond(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Consul-Index", Long.toString(index.get()));
        exchange.getResponseHeaders().add("X-Consul-Knownleader", "true");
        exchange.getResponseHeaders().add("X-Consul-Lastcontact", "0");
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static JsonNode readJson(InputStream in) throws IOException {
        return JSON.readTree(in.readAllBytes());
    }
}
