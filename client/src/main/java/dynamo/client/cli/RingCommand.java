package dynamo.client.cli;

import dynamo.client.http.HttpExchange;
import dynamo.client.http.HttpSettings;
import dynamo.client.http.Reply;
import dynamo.client.http.SendFailure;
import dynamo.client.ring.ClientRing;
import dynamo.client.ring.RingJson;
import dynamo.client.ring.RingNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import picocli.CommandLine.Command;

/**
 * {@code ring}: the ring as the first admin URL that answers sees it: per node its URLs, whether
 * it seems up, its tokens and the share of key positions it coordinates. {@code --json} prints the
 * node's {@code GET /ring} as it came.
 */
@Command(name = "ring", description = "show the ring (from a node's admin GET /ring)")
final class RingCommand extends CliCommand {
    @Override
    public Integer call() {
        List<String> admins = cli.connection.adminUrls(cli.env);
        if (admins.isEmpty()) {
            throw new Codec.BadInputException("ring needs a node's admin URL: give --admin-url");
        }
        Duration timeout = Duration.ofMillis(Math.max(1, cli.connection.timeoutMillis));
        String failures = "";
        try (HttpExchange http = new HttpExchange(new HttpSettings(timeout, timeout, timeout, 1),
                cli.connection.tokens(cli.env))) {
            for (String admin : admins) {
                try {
                    Reply reply = http.fetch(URI.create(admin), "/ring");
                    if (reply.status() == 200) {
                        print(out(), reply.body(), admin);
                        return ExitCode.OK;
                    }
                    failures += "; " + admin + " answered " + reply.status();
                } catch (SendFailure e) {
                    failures += "; " + e.getMessage();
                } catch (IOException e) {
                    failures += "; " + admin + ": " + e.getMessage();
                }
            }
        }
        err().println("dynamo: no admin URL answered" + failures);
        return ExitCode.UNAVAILABLE;
    }

    private void print(PrintWriter out, byte[] body, String from) throws IOException {
        if (cli.json) {
            out.println(new String(body, StandardCharsets.UTF_8));
            return;
        }
        ClientRing ring = RingJson.parse(body);
        Map<String, Double> shares = shares(ring);
        out.printf("ring of %d nodes, %d replicas per key, epoch %d (as %s sees it)%n",
                ring.nodes().size(), ring.replicas(), ring.epoch(), from);
        for (RingNode node : ring.nodes()) {
            out.printf("%-10s %-4s %-26s admin %-26s %4d tokens %6.2f %% of keys%n", node.id(),
                    node.seemsUp() ? "up" : "DOWN", node.url(), node.adminUrl(), node.tokens().size(),
                    100 * shares.getOrDefault(node.id(), 0.0));
        }
    }

    /** Each node's share of the positions whose first token it owns (the arc up to each of its tokens). */
    static Map<String, Double> shares(ClientRing ring) {
        NavigableMap<Long, String> owners = new TreeMap<>(Long::compareUnsigned);
        ring.nodes().forEach(node -> node.tokens().forEach(token -> owners.put(token, node.id())));
        Map<String, Double> shares = new TreeMap<>();
        long previous = owners.lastKey();
        for (Map.Entry<Long, String> token : owners.entrySet()) {
            long arc = token.getKey() - previous; // mod 2^64: the wrap-around arc comes out right
            double fraction = owners.size() == 1 ? 1.0 : unsigned(arc) / 18446744073709551616.0;
            shares.merge(token.getValue(), fraction, Double::sum);
            previous = token.getKey();
        }
        return shares;
    }

    private static double unsigned(long value) {
        return (double) (value >>> 1) * 2.0 + (value & 1);
    }
}
