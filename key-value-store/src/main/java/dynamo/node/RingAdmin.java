package dynamo.node;

import dynamo.core.epoch.RingConfig;
import dynamo.core.membership.Member;
import dynamo.core.move.MoveDriver;
import dynamo.http.ResponseBodies.ErrorBody;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * What the membership-change endpoints of the admin port answer ({@link RingAdminServlet} is the
 * servlet around it): {@code POST /ring/join} on a member joins the node named with its addresses:
 * {@code ?node=ID&brokerUrl=...&httpUrl=...&adminUrl=...} (a member drives that join: the config it
 * proposes tells every node where the newcomer is, which a newcomer's own proposal cannot, as the
 * members have no address to answer it at; asked of the newcomer itself, it answers 400 and says so); {@code POST /ring/leave?node=ID}
 * (default: the node asked) and {@code POST /ring/remove?node=ID} (a dead node: another must be
 * named) move its ranges to the others. Each waits for the change, up to {@code waitSeconds}
 * (default 3600), and answers 200 with its {@link MoveDriver.Report}; 409 while another change is
 * under way, 503 when it stalled or the wait ran out (the change goes on; asking again resumes it or
 * waits for it again), 400 for a node id that is malformed or not in the ring, 405 for another
 * method, 404 for another path. Errors are {@code {"error": "..."}}.
 */
public final class RingAdmin {
    static final long DEFAULT_WAIT_SECONDS = 3600;
    static final long MAX_WAIT_SECONDS = 24 * 3600;
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    /** What the endpoints need of the node. */
    public interface Changes {
        /** This node's id. */
        String self();

        /** The ring config this node is at. */
        RingConfig config();

        /** Where this node reaches {@code id}, if it knows. */
        Optional<Member> member(String id);

        /** {@code member} joins the ring (this node or another). */
        CompletableFuture<MoveDriver.Report> join(Member member);

        /** {@code node} leaves the ring (or is removed from it: the same change). */
        CompletableFuture<MoveDriver.Report> leave(String node);
    }

    /** An answer: its HTTP status and the body to write as JSON. */
    public record Answer(int status, Object body) {
    }

    private final Changes changes;

    public RingAdmin(Changes changes) {
        this.changes = changes;
    }

    /**
     * Answers one request.
     *
     * @param path  the path below {@code /ring} ({@code /join}, {@code /leave}, {@code /remove})
     * @param param a query parameter's value, or null when absent
     */
    public Answer handle(String method, String path, UnaryOperator<String> param) {
        String action = path == null ? "" : path;
        if (!action.equals("/join") && !action.equals("/leave") && !action.equals("/remove")) {
            return error(404, "no such endpoint: /ring" + action
                    + " (there are POST /ring/join, /ring/leave, /ring/remove)");
        }
        if (!"POST".equals(method)) {
            return error(405, "/ring" + action + " takes POST");
        }
        Long wait = waitSeconds(param.apply("waitSeconds"));
        if (wait == null) {
            return error(400, "waitSeconds must be a whole number of seconds from 0 to " + MAX_WAIT_SECONDS);
        }
        String node = param.apply("node");
        return switch (action) {
            case "/join" -> node == null || node.equals(changes.self()) ? joinSelf() : join(node, param, wait);
            case "/leave" -> leave(node == null ? changes.self() : node, wait);
            default -> remove(node, wait);
        };
    }

    /**
     * A node cannot drive its own join over the brokers: the members have no address to answer it at
     * until the move's config gives them one. A member must drive it.
     */
    private Answer joinSelf() {
        String hint = changes.member(changes.self())
                .map(m -> "?node=" + m.id() + "&brokerUrl=" + m.brokerUrl() + "&httpUrl=" + m.httpUrl()
                        + (m.adminUrl() == null ? "" : "&adminUrl=" + m.adminUrl()))
                .orElse("?node=ID&brokerUrl=...&httpUrl=...");
        return error(400, "a node cannot drive its own join (the members cannot answer it before the move tells"
                + " them its address): ask a member: POST /ring/join" + hint);
    }

    /** Another node's join, with the addresses given or (asking again) those this node knows. */
    private Answer join(String node, UnaryOperator<String> param, long wait) {
        if (!NODE_ID.matcher(node).matches()) {
            return error(400, "malformed node id '" + node + "'");
        }
        String broker = param.apply("brokerUrl");
        String http = param.apply("httpUrl");
        String admin = param.apply("adminUrl");
        Optional<Member> known = changes.member(node);
        if (broker == null && http == null && admin == null && known.isPresent()) {
            return await(() -> changes.join(known.get()), wait, "join of " + node);
        }
        if (!isUrl(broker, "tcp", "ssl") || !isUrl(http, "http", "https")
                || (admin != null && !isUrl(admin, "http", "https"))) {
            return error(400, "the join of another node needs its brokerUrl (tcp: or ssl:) and httpUrl"
                    + " (http: or https:), and may give its adminUrl");
        }
        Member member = new Member(node, broker, http, admin);
        return await(() -> changes.join(member), wait, "join of " + node);
    }

    private static boolean isUrl(String text, String... schemes) {
        if (text == null) {
            return false;
        }
        try {
            URI uri = new URI(text);
            return uri.getHost() != null && uri.getPort() > 0 && List.of(schemes).contains(uri.getScheme());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private Answer leave(String node, long wait) {
        Answer bad = unknown(node);
        return bad != null ? bad : await(() -> changes.leave(node), wait, "leave of " + node);
    }

    private Answer remove(String node, long wait) {
        if (node == null) {
            return error(400, "name the dead node to remove: /ring/remove?node=ID");
        }
        if (node.equals(changes.self())) {
            return error(400, node + " answers this request, so it is not dead: use /ring/leave to decommission it");
        }
        Answer bad = unknown(node);
        return bad != null ? bad : await(() -> changes.leave(node), wait, "removal of " + node);
    }

    /** A 400 for an id that is malformed or names no node of the ring (members and members to be); else null. */
    private Answer unknown(String node) {
        if (!NODE_ID.matcher(node).matches()) {
            return error(400, "malformed node id '" + node + "'");
        }
        RingConfig config = changes.config();
        if (!config.everyone().contains(node)) {
            return error(400, node + " is not in the ring at epoch " + config.epoch() + " (members: "
                    + config.members() + ")");
        }
        return null;
    }

    private static Answer await(Supplier<CompletableFuture<MoveDriver.Report>> change, long waitSeconds,
            String what) {
        try {
            return new Answer(200, change.get().get(waitSeconds, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            return error(503, "the " + what + " did not finish in " + waitSeconds + " s; it goes on (GET /ring shows"
                    + " its progress): ask again to wait for it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "interrupted while waiting for the " + what);
        } catch (ExecutionException | CompletionException e) {
            return failed(e.getCause() == null ? e : e.getCause(), what);
        } catch (RuntimeException e) {
            return failed(e, what);
        }
    }

    private static Answer failed(Throwable cause, String what) {
        if (cause instanceof MoveDriver.Refused) {
            return error(409, "the " + what + " was refused: " + cause.getMessage());
        }
        if (cause instanceof MoveDriver.Stalled) {
            return error(503, "the " + what + " stalled: " + cause.getMessage());
        }
        return error(500, "the " + what + " failed: " + cause);
    }

    private static Long waitSeconds(String text) {
        if (text == null) {
            return DEFAULT_WAIT_SECONDS;
        }
        if (!text.matches("[0-9]{1,6}")) {
            return null;
        }
        long seconds = Long.parseLong(text);
        return seconds <= MAX_WAIT_SECONDS ? seconds : null;
    }

    private static Answer error(int status, String message) {
        return new Answer(status, new ErrorBody(message));
    }
}
