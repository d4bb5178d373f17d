package dynamo.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.client.FakeNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI's arguments, output and exit codes against a stand-in node. */
class DynamoCliTest {
    private static final String HELLO = "{\"key\":\"aw==\",\"value\":{\"version\":\"v1\",\"values\":[\"aGVsbG8=\"]}}";
    private FakeNode node;
    private String out;
    private String err;

    @BeforeEach
    void start() throws Exception {
        node = FakeNode.start("node1");
    }

    @AfterEach
    void stop() {
        node.stop();
    }

    private int run(Map<String, String> env, String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = DynamoCli.run(args, env, new PrintStream(stdout), new PrintStream(stderr));
        out = stdout.toString(StandardCharsets.UTF_8);
        err = stderr.toString(StandardCharsets.UTF_8);
        return code;
    }

    private int run(String... args) {
        return run(Map.of(Connection.URLS_ENV, node.url()), args);
    }

    @Test
    void getPrintsTheValueAndExitsZeroWhenFound() {
        node.answerAll(200, HELLO);
        assertThat(run("get", "k")).isEqualTo(0);
        assertThat(out).isEqualTo("hello\n");
        assertThat(node.received().get(0).path()).isEqualTo("/storage/aw");
    }

    @Test
    void getExitsOneWhenAbsent() {
        assertThat(run("get", "k")).isEqualTo(1);
        assertThat(out).isEmpty();
        assertThat(err).contains("not found");
    }

    @Test
    void getJsonShowsTheVersionAndBase64KeysAndValuesTravelAsBase64() {
        node.answerAll(200, HELLO);
        assertThat(run("get", "--json", "--base64", "aw", "-r", "3")).isEqualTo(0);
        assertThat(out.trim()).isEqualTo("{\"key\":\"aw==\",\"found\":true,\"version\":\"v1\",\"values\":[\"aGVsbG8=\"],"
                + "\"node\":\"node1\"}");
        assertThat(node.received().get(0).path()).isEqualTo("/storage/aw?minNumReads=3");
    }

    @Test
    void putPrintsTheNewVersion() {
        node.answerAll(200, "{\"success\":true,\"version\":\"v9\"}");
        assertThat(run("put", "k", "hello", "-w", "3")).isEqualTo(0);
        assertThat(out).isEqualTo("v9\n");
        assertThat(node.received().get(0).body()).isEqualTo("{\"key\":\"aw==\",\"value\":\"aGVsbG8=\",\"minNumWrites\":3}");
    }

    @Test
    void casSendsItsVersionAndExitsOneWhenRejected() {
        node.answerAll(200, "{\"success\":false}");
        assertThat(run("cas", "k", "v2", "--from", "AQID")).isEqualTo(1);
        assertThat(err).contains("rejected");
        assertThat(node.received().get(0).body()).contains("\"fromVersion\":\"AQID\"");
    }

    @Test
    void deleteWritesTheEmptyValue() {
        node.answerAll(200, "{\"success\":true,\"version\":\"v3\"}");
        assertThat(run("delete", "k", "--json")).isEqualTo(0);
        assertThat(out.trim()).isEqualTo("{\"written\":true,\"version\":\"v3\",\"node\":\"node1\"}");
        assertThat(node.received().get(0).body()).isEqualTo("{\"key\":\"aw==\",\"value\":\"\"}");
    }

    @Test
    void a503OnAWriteExitsTwoAsUnknown() {
        node.answerAll(503, "{\"error\":\"no quorum\"}");
        assertThat(run("put", "k", "v")).isEqualTo(2);
        assertThat(err).contains("outcome unknown");
    }

    @Test
    void noNodeAnsweringExitsTwo() {
        node.stop();
        assertThat(run("get", "k")).isEqualTo(2);
        assertThat(run("put", "k", "v")).isEqualTo(2);
    }

    @Test
    void badInputExitsThree() {
        assertThat(run("get")).as("missing key").isEqualTo(3);
        assertThat(run("frobnicate")).as("unknown command").isEqualTo(3);
        assertThat(run("put", "--base64", "not base64!", "aGk=")).isEqualTo(3);
        assertThat(err).contains("KEY is not base64");
        assertThat(run("cas", "k", "v")).as("--from missing").isEqualTo(3);
        assertThat(run("--routing", "sideways", "get", "k")).isEqualTo(3);
        assertThat(run()).as("no command").isEqualTo(3);
        assertThat(run(Map.of(), "get", "k")).as("no URL at all").isEqualTo(3);
        assertThat(node.received()).isEmpty();
    }

    @Test
    void aRequestTheStoreRefusesExitsThreeWithItsMessage() {
        node.answerAll(413, "{\"error\":\"value too large\"}");
        assertThat(run("put", "k", "v")).isEqualTo(3);
        assertThat(err).contains("413").contains("value too large");
    }

    @Test
    void scanPrintsKeyTabValueForLivePairs() {
        node.answerAll(200, "[{\"key\":\"azE=\",\"value\":{\"version\":\"v\",\"values\":[\"aGVsbG8=\"]}},"
                + "{\"key\":\"azI=\",\"value\":{\"version\":\"w\",\"values\":[]}}]");
        assertThat(run("scan")).isEqualTo(0);
        assertThat(out).isEqualTo("k1\thello\n");
        assertThat(run("scan", "--local", "1", "--json")).isEqualTo(0);
        assertThat(out.lines().toList()).hasSize(2);
        assertThat(node.received()).extracting(FakeNode.Request::path).containsExactly("/storage/*", "/storage/@");
        assertThat(run("scan", "--local", "2")).as("only one URL known").isEqualTo(3);
    }

    @Test
    void ringPrintsTheNodesAndTheirShareOfKeys() {
        node.ring("{\"epoch\":5,\"replicas\":3,\"partitioner\":\"md5\",\"nodes\":["
                + "{\"id\":\"node1\",\"url\":\"" + node.url() + "\",\"adminUrl\":\"" + node.url()
                + "\",\"tokens\":[\"4611686018427387904\"],\"seemsUp\":true},"
                + "{\"id\":\"node2\",\"url\":\"http://127.0.0.1:1\",\"adminUrl\":null,"
                + "\"tokens\":[\"9223372036854775808\"],\"seemsUp\":false}]}");
        assertThat(run(Map.of(Connection.ADMIN_URLS_ENV, node.url()), "ring")).isEqualTo(0);
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).contains("2 nodes").contains("epoch 5");
        assertThat(lines.get(1)).startsWith("node1").contains(" up ").contains("75.00 %");
        assertThat(lines.get(2)).startsWith("node2").contains("DOWN").contains("25.00 %");
        assertThat(run(Map.of(Connection.ADMIN_URLS_ENV, node.url()), "ring", "--json")).isEqualTo(0);
        assertThat(out).contains("\"epoch\":5");
        assertThat(run("ring")).as("no admin URL").isEqualTo(3);
    }

    @Test
    void anExplicitUrlReplacesTheLocalClustersAdminUrlsToo() {
        Connection connection = new Connection();
        connection.urls = List.of("http://127.0.0.1:1");
        Map<String, String> env = Map.of(Connection.URLS_ENV, "http://x:1", Connection.ADMIN_URLS_ENV, "http://x:2");
        assertThat(connection.urls(env)).containsExactly("http://127.0.0.1:1");
        assertThat(connection.adminUrls(env)).isEmpty();
        assertThat(new Connection().adminUrls(env)).containsExactly("http://x:2");
    }

    @Test
    void theTokenComesFromTheOptionOrTheEnvironment() {
        node.answerAll(200, HELLO);
        assertThat(run("get", "--token", "opt-token", "k")).isEqualTo(0);
        assertThat(run(Map.of(Connection.URLS_ENV, node.url(), Connection.TOKEN_ENV, "env-token"), "get", "k")).isEqualTo(0);
        assertThat(run("get", "k")).isEqualTo(0);
        assertThat(node.authorizations()).containsExactly("/storage/aw Bearer opt-token", "/storage/aw Bearer env-token",
                "/storage/aw -");
    }

    @Test
    void aRefusedTokenExitsThreeWithTheServersMessage() {
        node.answerAll(401, "{\"error\":\"missing or wrong bearer token\"}");
        assertThat(run("put", "--token", "bad", "k", "v")).isEqualTo(3);
        assertThat(err).contains("bearer token");
    }
}
