package dynamo.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dynamo.node.DynamoApplication;
import dynamo.node.DynamoConfiguration;
import dynamo.node.PeerConfig;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One node in this JVM with an API token and a different admin token: requests without the right
 * token get 401 with a JSON error and a Bearer challenge, with it they are served; {@code /ping}
 * stays open for load balancers.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TokenAuthenticationTest {
    private static final String API_TOKEN = "api-token-1";
    private static final String ADMIN_TOKEN = "admin-token-2";
    private static final String PUT_BODY = "{\"key\":\"a2V5\",\"value\":\"dmFsdWU=\"}";

    private static final DropwizardAppExtension<DynamoConfiguration> NODE =
            new DropwizardAppExtension<>(DynamoApplication.class, config());
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aRequestWithoutTheTokenGets401WithAJsonError() throws Exception {
        HttpResponse<String> put = send(api("/storage/").PUT(body()), null);
        assertUnauthorized(put, "dynamo");
        assertUnauthorized(send(api("/storage/a2V5").GET(), null), "dynamo");
    }

    @Test
    void aWrongTokenGets401AndNothingIsWritten() throws Exception {
        HttpRequest.BodyPublisher other = HttpRequest.BodyPublishers.ofString("{\"key\":\"d3Jvbmc=\",\"value\":\"eA==\"}");
        assertUnauthorized(send(api("/storage/").PUT(other), "Bearer wrong-" + API_TOKEN), "dynamo");
        assertUnauthorized(send(api("/storage/").PUT(other), "Basic " + API_TOKEN), "dynamo");
        assertUnauthorized(send(api("/storage/").PUT(other), "Bearer " + ADMIN_TOKEN), "dynamo");
        assertThat(send(api("/storage/d3Jvbmc").GET(), "Bearer " + API_TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void theTokenIsServed() throws Exception {
        HttpResponse<String> put = send(api("/storage/").PUT(body()), "Bearer " + API_TOKEN);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(json.readTree(put.body()).path("success").asBoolean()).isTrue();
        HttpResponse<String> get = send(api("/storage/a2V5").GET(), "bearer " + API_TOKEN);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(json.readTree(get.body()).path("value").path("values").get(0).asText()).isEqualTo("dmFsdWU=");
    }

    @Test
    void theAdminPortWantsItsOwnTokenExceptForPing() throws Exception {
        assertUnauthorized(send(admin("/healthcheck").GET(), null), "dynamo-admin");
        assertUnauthorized(send(admin("/metrics").GET(), "Bearer " + API_TOKEN), "dynamo-admin");
        assertUnauthorized(send(admin("/ring").GET(), "Bearer nope"), "dynamo-admin");
        assertThat(send(admin("/healthcheck").GET(), "Bearer " + ADMIN_TOKEN).statusCode()).isEqualTo(200);
        assertThat(send(admin("/ring").GET(), "Bearer " + ADMIN_TOKEN).statusCode()).isEqualTo(200);
        HttpResponse<String> ping = send(admin("/ping").GET(), null);
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).contains("pong");
    }

    private void assertUnauthorized(HttpResponse<String> response, String realm) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"" + realm + "\"");
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("error").asText()).contains("bearer token");
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String authorization) throws Exception {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.BodyPublisher body() {
        return HttpRequest.BodyPublishers.ofString(PUT_BODY);
    }

    private static HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE.getLocalPort() + path));
    }

    private static HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + NODE.getAdminPort() + path));
    }

    private static DynamoConfiguration config() {
        DynamoConfiguration config = new DynamoConfiguration();
        config.nodeId = "node1";
        try {
            config.dataDir = Files.createTempDirectory("dynamo-token-test").toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        config.brokerUrl = "tcp://127.0.0.1:" + dynamo.activemq.FreePorts.next();
        PeerConfig self = new PeerConfig();
        self.id = "node1";
        self.brokerUrl = config.brokerUrl;
        self.httpUrl = "http://127.0.0.1:1";
        config.peers = List.of(self);
        config.replication.n = 1;
        config.replication.r = 1;
        config.replication.w = 1;
        config.security.apiToken = API_TOKEN;
        config.security.adminToken = ADMIN_TOKEN;
        DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
        server.setApplicationConnectors(List.of(loopback()));
        server.setAdminConnectors(List.of(loopback()));
        return config;
    }

    private static HttpConnectorFactory loopback() {
        HttpConnectorFactory connector = new HttpConnectorFactory();
        connector.setBindHost("127.0.0.1");
        connector.setPort(0);
        return connector;
    }
}
