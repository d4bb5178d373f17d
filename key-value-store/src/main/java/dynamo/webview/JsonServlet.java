package dynamo.webview;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Answers GET with the supplier's current value as JSON, never cached. With {@code anyOrigin} it
 * allows every origin to read it (CORS): the page served by one node reads every node's stats.
 */
final class JsonServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Supplier<?> body;
    private final transient ObjectMapper json;
    private final boolean anyOrigin;

    JsonServlet(Supplier<?> body, ObjectMapper json, boolean anyOrigin) {
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
