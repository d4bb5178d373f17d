package dynamo.client.cli;

import dynamo.client.DynamoClient;
import dynamo.client.DynamoClientBuilder;
import dynamo.client.Routing;
import dynamo.client.http.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where the CLI connects: {@code --url} / {@code --admin-url}, else the local cluster's URLs that
 * bin/dynamo puts in {@code DYNAMO_URLS} / {@code DYNAMO_ADMIN_URLS} (comma-separated). Token-aware
 * routing when admin URLs are known, unless {@code --routing node}.
 */
final class Connection {
    static final String URLS_ENV = "DYNAMO_URLS";
    static final String ADMIN_URLS_ENV = "DYNAMO_ADMIN_URLS";
    static final String TOKEN_ENV = "DYNAMO_TOKEN";
    static final String ADMIN_TOKEN_ENV = "DYNAMO_ADMIN_TOKEN";

    @Option(names = "--url", scope = ScopeType.INHERIT, split = ",", paramLabel = "URL",
            description = "a node's client URL (repeatable); default: the local cluster's ($" + URLS_ENV + ")")
    List<String> urls = new ArrayList<>();

    @Option(names = "--admin-url", scope = ScopeType.INHERIT, split = ",", paramLabel = "URL",
            description = "a node's admin URL, where GET /ring answers (repeatable); default: the local cluster's "
                    + "($" + ADMIN_URLS_ENV + ") unless --url is given")
    List<String> adminUrls = new ArrayList<>();

    @Option(names = "--routing", scope = ScopeType.INHERIT, paramLabel = "token|node",
            description = "token: each request to its key's first replica; node: everything to the first URL")
    String routing;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "bearer token of the client API (default: $" + TOKEN_ENV + "); also for the admin port unless "
                    + "--admin-token or $" + ADMIN_TOKEN_ENV + " is set")
    String token;

    @Option(names = "--admin-token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "bearer token of the admin port (default: $" + ADMIN_TOKEN_ENV + ")")
    String adminToken;

    @Option(names = "--timeout-ms", scope = ScopeType.INHERIT, paramLabel = "MS", defaultValue = "5000", description = "request timeout (default 5000)")
    long timeoutMillis;

    List<String> urls(Map<String, String> env) {
        return urls.isEmpty() ? fromEnv(env, URLS_ENV) : urls;
    }

    List<String> adminUrls(Map<String, String> env) {
        if (!adminUrls.isEmpty()) {
            return adminUrls;
        }
        return urls.isEmpty() ? fromEnv(env, ADMIN_URLS_ENV) : List.of();
    }

    /** The tokens to present, options first, then the environment; null where none is given. */
    Tokens tokens(Map<String, String> env) {
        String api = token != null ? token : blankToNull(env.get(TOKEN_ENV));
        String admin = adminToken != null ? adminToken : blankToNull(env.get(ADMIN_TOKEN_ENV));
        try {
            return new Tokens(api, admin != null ? admin : api);
        } catch (IllegalArgumentException e) {
            throw new Codec.BadInputException(e.getMessage());
        }
    }

    DynamoClient open(Map<String, String> env) {
        List<String> seeds = urls(env);
        List<String> admins = adminUrls(env);
        if (seeds.isEmpty() && admins.isEmpty()) {
            throw new Codec.BadInputException("no node to talk to: give --url (or run a local cluster: bin/cluster up)");
        }
        if (timeoutMillis < 1) {
            throw new Codec.BadInputException("--timeout-ms must be positive");
        }
        DynamoClientBuilder builder = DynamoClient.builder().seeds(seeds).adminSeeds(admins)
                .requestTimeout(Duration.ofMillis(timeoutMillis))
                .connectTimeout(Duration.ofMillis(Math.min(1000, timeoutMillis)))
                .maxConnections(4);
        Tokens tokens = tokens(env);
        builder.token(tokens.api()).adminToken(tokens.admin());
        if (routing != null) {
            builder.routing(switch (routing) {
                case "token" -> Routing.TOKEN_AWARE;
                case "node" -> Routing.FIXED_NODE;
                default -> throw new Codec.BadInputException("--routing is token or node, not " + routing);
            });
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new Codec.BadInputException(e.getMessage());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static List<String> fromEnv(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
