package dynamo.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/** {@code GET /ring} on the admin port: the {@link RingDescription} of this moment, as JSON. */
final class RingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Supplier<RingDescription> ring;
    private final transient ObjectMapper json;

    RingServlet(Supplier<RingDescription> ring, ObjectMapper json) {
        this.ring = ring;
        this.json = json;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        json.writeValue(response.getOutputStream(), ring.get());
    }
}
