package dynamo.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * An admin-port endpoint: answers GET with the supplier's current value as JSON, never cached.
 * With {@code anyOrigin} every origin may read it (CORS): the web view served by one node reads
 * every node's stats.
 */
public final class JsonServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Supplier<?> body;
    private final transient ObjectMapper json;
    private final boolean anyOrigin;

    public JsonServlet(Supplier<?> body, ObjectMapper json, boolean anyOrigin) {
        this.body = body;
        this.json = json;
        this.anyOrigin = anyOrigin;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        if (anyOrigin) {
            response.setHeader("Access-Control-Allow-Origin", "*");
        }
        json.writeValue(response.getOutputStream(), body.get());
    }
}
