package dynamo.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dynamo.http.ResponseBodies.ErrorBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Jetty's answers for the errors it meets before Jersey sees the request (a malformed request line
 * or percent escape, an over-long URI or header, a method the servlet refuses) in the API's
 * {@code {"error": "..."}} format instead of Jetty's HTML, for every method (Jetty's own handler
 * leaves the body of a PUT's error empty) and whatever the request accepts.
 */
public final class JsonErrorHandler extends ErrorHandler {
    private static final String JSON = "application/json";

    private final ObjectMapper json;

    public JsonErrorHandler(ObjectMapper json) {
        this.json = json;
        setShowStacks(false);
        setShowServlet(false);
    }

    /** Replaces the server-wide handler (the one for bad messages, before any context) as the server starts. */
    public static LifeCycle.Listener installOnServer(ObjectMapper json) {
        return new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    server.getBeans(ErrorHandler.class).forEach(server::removeBean);
                    server.setErrorHandler(new JsonErrorHandler(json));
                }
            }
        };
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    /** A request Jetty could not parse: no servlet runs, the bytes returned here are the body. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        if (HttpStatus.hasNoBody(status)) {
            return null;
        }
        fields.put(HttpHeader.CONTENT_TYPE, JSON);
        return ByteBuffer.wrap(body(status, reason));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
            HttpServletResponse response, int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType(JSON);
        response.getOutputStream().write(body(code, message));
    }

    private byte[] body(int status, String message) {
        String text = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
        try {
            return json.writeValueAsBytes(new ErrorBody(text));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
