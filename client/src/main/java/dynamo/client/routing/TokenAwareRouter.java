package dynamo.client.routing;

import dynamo.client.http.HttpExchange;
import dynamo.client.http.Reply;
import dynamo.client.ring.ClientRing;
import dynamo.client.ring.RingJson;
import dynamo.client.ring.RingNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Token-aware routing: each request goes to the first replica of its key that seems up (the
 * ring says so and this client has not failed to reach it lately), then the key's other replicas,
 * then every other node. Without a ring yet, the seeds in their order. The ring is read from a
 * node's admin {@code GET /ring} when the router starts, then by a {@link RingRefresher}: every
 * {@code interval}, when a node answers with another {@code X-Dynamo-Ring-Epoch} than the ring
 * held, and when a node cannot be reached.
 */
public final class TokenAwareRouter implements Router {
    /** How the router is tuned; {@code suspectFor}: how long an unreachable node is skipped. */
    public record Settings(Duration refreshInterval, Duration minRefreshSpacing, Duration suspectFor) {
        public static final Settings DEFAULTS =
                new Settings(Duration.ofSeconds(10), Duration.ofMillis(250), Duration.ofSeconds(2));
    }

    private final List<Target> seeds;
    private final List<URI> adminSeeds;
    private final HttpExchange http;
    private final Suspicions suspicions;
    private final RingRefresher refresher;
    private final AtomicInteger rotation = new AtomicInteger();
    private volatile Routes routes;

    /** The ring and a target per member that has a client URL. */
    private record Routes(ClientRing ring, Map<String, Target> targets) {
        static Routes of(ClientRing ring) {
            Map<String, Target> targets = new LinkedHashMap<>();
            ring.nodes().stream().filter(n -> n.url() != null).forEach(n -> targets.put(n.id(), new Target(n.id(), n.url())));
            return new Routes(ring, targets);
        }
    }

    public TokenAwareRouter(List<URI> seeds, List<URI> adminSeeds, HttpExchange http, Settings settings,
            LongSupplier nanoClock) {
        if (adminSeeds.isEmpty()) {
            throw new IllegalArgumentException("token-aware routing reads the ring from an admin URL: give at least one");
        }
        this.seeds = seeds.stream().map(url -> new Target(null, url)).toList();
        this.adminSeeds = List.copyOf(adminSeeds);
        this.http = http;
        this.suspicions = new Suspicions(settings.suspectFor(), nanoClock);
        this.refresher = new RingRefresher(this::fetchRing, this::install, settings.refreshInterval(),
                settings.minRefreshSpacing());
    }

    /** Reads the ring once (the seeds serve until one can be read) and starts the background refresh. */
    public TokenAwareRouter start() {
        refresher.refreshNow();
        refresher.start();
        return this;
    }

    /** The ring in use, or null before one could be read. */
    public ClientRing ring() {
        Routes current = routes;
        return current == null ? null : current.ring();
    }

    @Override
    public List<Target> route(byte[] key) {
        Routes current = routes;
        if (current == null) {
            return upFirst(seeds);
        }
        int size = current.targets().size();
        List<Target> replicasUp = new ArrayList<>(size);
        List<Target> replicasDown = new ArrayList<>(size);
        Set<String> replicas = new HashSet<>();
        for (RingNode replica : current.ring().preferenceList(key)) {
            replicas.add(replica.id());
            Target target = current.targets().get(replica.id());
            if (target != null) {
                (seemsUp(current.ring(), target) ? replicasUp : replicasDown).add(target);
            }
        }
        List<Target> othersDown = new ArrayList<>();
        for (Map.Entry<String, Target> node : current.targets().entrySet()) {
            if (!replicas.contains(node.getKey())) {
                (seemsUp(current.ring(), node.getValue()) ? replicasUp : othersDown).add(node.getValue());
            }
        }
        // Replicas that seem up, then other nodes that do (they forward), then the rest.
        replicasUp.addAll(replicasDown);
        replicasUp.addAll(othersDown);
        return replicasUp.isEmpty() ? upFirst(seeds) : replicasUp;
    }

    @Override
    public List<Target> anyNode() {
        Routes current = routes;
        List<Target> all = current == null || current.targets().isEmpty() ? seeds : List.copyOf(current.targets().values());
        int start = Math.floorMod(rotation.getAndIncrement(), all.size());
        List<Target> rotated = new ArrayList<>(all.subList(start, all.size()));
        rotated.addAll(all.subList(0, start));
        return upFirst(rotated);
    }

    @Override
    public Optional<Target> node(String id) {
        Routes current = routes;
        return current == null ? Optional.empty() : Optional.ofNullable(current.targets().get(id));
    }

    @Override
    public void answered(Target target, String ringEpoch) {
        suspicions.cleared(target.url());
        if (ringEpoch != null) {
            Routes current = routes;
            if (current == null || !ringEpoch.equals(Long.toString(current.ring().epoch()))) {
                refresher.requestSoon();
            }
        }
    }

    @Override
    public void unreachable(Target target) {
        suspicions.suspect(target.url());
        refresher.requestSoon();
    }

    @Override
    public void close() {
        refresher.close();
    }

    private boolean seemsUp(ClientRing ring, Target target) {
        return !suspicions.suspected(target.url())
                && (target.id() == null || ring.node(target.id()).map(RingNode::seemsUp).orElse(true));
    }

    /** The targets in their order, the ones this client could not reach lately last. */
    private List<Target> upFirst(List<Target> targets) {
        List<Target> order = new ArrayList<>(targets.size());
        targets.stream().filter(t -> !suspicions.suspected(t.url())).forEach(order::add);
        targets.stream().filter(t -> suspicions.suspected(t.url())).forEach(order::add);
        return order;
    }

    private void install(ClientRing ring) {
        routes = Routes.of(ring);
    }

    /** The ring from the first admin URL that answers: the ring's nodes that seem up, then the admin seeds. */
    private ClientRing fetchRing() throws IOException {
        IOException last = null;
        for (URI admin : adminUrls()) {
            try {
                Reply reply = http.fetch(admin, "/ring");
                if (reply.status() == 200) {
                    return RingJson.parse(reply.body());
                }
                last = new IOException(admin + "/ring answered " + reply.status());
            } catch (IOException e) {
                last = e;
            }
        }
        throw last != null ? last : new IOException("no admin URL to read the ring from");
    }

    private List<URI> adminUrls() {
        Set<URI> urls = new LinkedHashSet<>();
        Routes current = routes;
        if (current != null) {
            for (RingNode node : current.ring().nodes()) {
                if (node.adminUrl() != null && node.seemsUp() && (node.url() == null || !suspicions.suspected(node.url()))) {
                    urls.add(node.adminUrl());
                }
            }
        }
        urls.addAll(adminSeeds);
        return List.copyOf(urls);
    }
}
