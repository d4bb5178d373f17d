package dynamo.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dynamo.http.ResponseBodies.ErrorBody;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every error leaves as {@code {"error": "..."}} with its status; never a stack trace. */
public final class JsonErrorMappers {
    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorMappers.class);

    private JsonErrorMappers() {
    }

    public static void registerAll(JerseyEnvironment jersey) {
        jersey.register(new InvalidRequestMapper());
        jersey.register(new BadJsonMapper());
        jersey.register(new WebErrorMapper());
        jersey.register(new UnexpectedMapper());
    }

    public static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(message)).build();
    }

    static final class InvalidRequestMapper implements ExceptionMapper<InvalidRequestException> {
        @Override
        public Response toResponse(InvalidRequestException e) {
            return error(e.status(), e.getMessage());
        }
    }

    static final class BadJsonMapper implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            return error(400, JsonBodyErrors.describe(e));
        }
    }

    static final class WebErrorMapper implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            if (MediaType.APPLICATION_JSON_TYPE.equals(e.getResponse().getMediaType()) && e.getResponse().hasEntity()) {
                return e.getResponse(); // already in our shape, with its own headers (the auth filter's 401)
            }
            Response.StatusType status = e.getResponse().getStatusInfo();
            // fromResponse keeps the exception's headers: a 405 must name the methods the path takes (Allow)
            return Response.fromResponse(e.getResponse()).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorBody(status.getReasonPhrase())).build();
        }
    }

    static final class UnexpectedMapper implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            LOG.error("unexpected error while serving a request", e);
            return error(500, "internal error");
        }
    }
}
