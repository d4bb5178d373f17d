package dynamo.client;

import dynamo.client.http.HttpExchange;
import dynamo.client.http.HttpSettings;
import dynamo.client.http.Tokens;
import dynamo.client.routing.FixedNodeRouter;
import dynamo.client.routing.Router;
import dynamo.client.routing.Target;
import dynamo.client.routing.TokenAwareRouter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Builds a {@link DynamoClient}. Seeds are nodes' client API URLs ({@code http://host:port});
 * admin seeds their admin URLs, where token-aware routing reads {@code GET /ring} (a node's answer
 * lists every node's URLs, so one reachable admin seed is enough).
 */
public final class DynamoClientBuilder {
    private final List<URI> seeds = new ArrayList<>();
    private final List<URI> adminSeeds = new ArrayList<>();
    private Routing routing;
    private Duration connectTimeout = HttpSettings.DEFAULTS.connect();
    private Duration requestTimeout = HttpSettings.DEFAULTS.response();
    private Duration scanTimeout = HttpSettings.DEFAULTS.scan();
    private int maxConnections = HttpSettings.DEFAULTS.maxConnections();
    private TokenAwareRouter.Settings routerSettings = TokenAwareRouter.Settings.DEFAULTS;
    private String token;
    private String adminToken;
    private SSLContext tls;

    DynamoClientBuilder() {
    }

    /** Client API URLs of some nodes; with {@link Routing#FIXED_NODE}, the first one gets every request. */
    public DynamoClientBuilder seeds(String... urls) {
        return add(seeds, urls);
    }

    public DynamoClientBuilder seeds(List<String> urls) {
        return seeds(urls.toArray(String[]::new));
    }

    /** Admin URLs of some nodes, for {@code GET /ring}. */
    public DynamoClientBuilder adminSeeds(String... urls) {
        return add(adminSeeds, urls);
    }

    public DynamoClientBuilder adminSeeds(List<String> urls) {
        return adminSeeds(urls.toArray(String[]::new));
    }

    /**
     * The bearer token of nodes whose client API asks for one ({@code security.apiToken}); also
     * sent to the admin port unless {@link #adminToken} says otherwise.
     */
    public DynamoClientBuilder token(String token) {
        this.token = token;
        return this;
    }

    /** The bearer token of the nodes' admin port ({@code security.adminToken}), for {@code GET /ring}. */
    public DynamoClientBuilder adminToken(String token) {
        this.adminToken = token;
        return this;
    }

    /**
     * How https:// nodes are trusted (e.g. an SSLContext over the cluster's trust store); default:
     * the JVM's trust store ({@code javax.net.ssl.trustStore}).
     */
    public DynamoClientBuilder sslContext(SSLContext context) {
        this.tls = context;
        return this;
    }

    /** Default: {@link Routing#TOKEN_AWARE} when admin seeds are given, else {@link Routing#FIXED_NODE}. */
    public DynamoClientBuilder routing(Routing routing) {
        this.routing = routing;
        return this;
    }

    /** To open a connection, or wait for a pooled one (default 1 s). */
    public DynamoClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    /** For a get's or a write's answer (default 5 s; the store answers 503 after its 2 s deadline). */
    public DynamoClientBuilder requestTimeout(Duration timeout) {
        this.requestTimeout = timeout;
        return this;
    }

    /** Between two reads of a streamed scan (default 60 s). */
    public DynamoClientBuilder scanTimeout(Duration timeout) {
        this.scanTimeout = timeout;
        return this;
    }

    /** Pooled connections in all (default 64); blocking callers beyond that wait up to the connect timeout. */
    public DynamoClientBuilder maxConnections(int connections) {
        this.maxConnections = connections;
        return this;
    }

    /**
     * Token-aware routing's tuning: how often the ring is read anyway (default 10 s), at most how
     * often on demand (250 ms), how long a node that could not be reached is skipped (2 s).
     */
    public DynamoClientBuilder ringRefresh(Duration interval, Duration minSpacing, Duration suspectFor) {
        this.routerSettings = new TokenAwareRouter.Settings(interval, minSpacing, suspectFor);
        return this;
    }

    /** With token-aware routing, reads the ring first (if no admin seed answers, the seeds serve until one does). */
    public DynamoClient build() {
        if (seeds.isEmpty() && adminSeeds.isEmpty()) {
            throw new IllegalStateException("give at least one seed URL");
        }
        Routing chosen = routing != null ? routing : adminSeeds.isEmpty() ? Routing.FIXED_NODE : Routing.TOKEN_AWARE;
        if (chosen == Routing.FIXED_NODE && seeds.isEmpty()) {
            throw new IllegalStateException("fixed-node routing needs a seed URL (a node's client API)");
        }
        HttpExchange http = new HttpExchange(new HttpSettings(connectTimeout, requestTimeout, scanTimeout, maxConnections),
                new Tokens(token, adminToken != null ? adminToken : token), tls);
        Router router;
        try {
            router = chosen == Routing.TOKEN_AWARE
                    ? new TokenAwareRouter(seeds, adminSeeds, http, routerSettings, System::nanoTime).start()
                    : new FixedNodeRouter(new Target(null, seeds.get(0)),
                            seeds.stream().map(url -> new Target(null, url)).toList());
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
        return new DynamoClient(http, router, List.copyOf(seeds), true);
    }

    private DynamoClientBuilder add(List<URI> list, String... urls) {
        for (String url : urls) {
            list.add(url(url));
        }
        return this;
    }

    static URI url(String text) {
        String trimmed = text.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI url;
        try {
            url = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + text, e);
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + text);
        }
        return url;
    }
}
