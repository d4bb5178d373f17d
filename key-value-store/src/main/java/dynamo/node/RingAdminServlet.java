package dynamo.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import dynamo.core.epoch.RingConfig;
import dynamo.core.membership.Member;
import dynamo.core.membership.Membership;
import dynamo.core.move.MoveDriver;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The admin port's {@code /ring/*}: membership changes, as {@link RingAdmin} decides them. */
public final class RingAdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient RingAdmin admin;
    private final transient ObjectMapper json;

    public RingAdminServlet(RingAdmin admin, ObjectMapper json) {
        this.admin = admin;
        this.json = json;
    }

    /**
     * The changes of the assembled node; {@code directory} knows its configured peers (itself among them)
     * and the members its ring config carries.
     */
    static RingAdmin.Changes changesOf(NodeAssembly node, Membership directory) {
        return new RingAdmin.Changes() {
            @Override
            public String self() {
                return node.node().id();
            }

            @Override
            public RingConfig config() {
                return node.ring().config();
            }

            @Override
            public Optional<Member> member(String id) {
                return directory.member(id);
            }

            @Override
            public CompletableFuture<MoveDriver.Report> join(Member member) {
                return node.node().join(member);
            }

            @Override
            public CompletableFuture<MoveDriver.Report> leave(String id) {
                return node.node().leave(id);
            }
        };
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        RingAdmin.Answer answer = admin.handle(request.getMethod(), request.getPathInfo(), request::getParameter);
        response.setStatus(answer.status());
        if (answer.status() == HttpServletResponse.SC_METHOD_NOT_ALLOWED) {
            response.setHeader("Allow", "POST");
        }
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        json.writeValue(response.getOutputStream(), answer.body());
    }
}
