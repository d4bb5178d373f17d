package dynamo.security;

import io.dropwizard.auth.AuthFilter;
import io.dropwizard.auth.PrincipalImpl;
import io.dropwizard.auth.UnauthorizedHandler;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer-token authentication of the client API with dropwizard-auth: registered for every
 * resource (not only annotated ones), so no request reaches the store without the token. A
 * missing or wrong token gets 401 with {@code {"error": ...}}, as every other error.
 */
public final class ApiAuthentication {
    static final String REALM = "dynamo";

    private ApiAuthentication() {
    }

    public static void register(JerseyEnvironment jersey, String token) {
        jersey.register(filter(new BearerToken(token)));
    }

    static AuthFilter<String, PrincipalImpl> filter(BearerToken token) {
        return new OAuthCredentialAuthFilter.Builder<PrincipalImpl>()
                .setAuthenticator(presented -> token.matches(presented)
                        ? Optional.of(new PrincipalImpl("client")) : Optional.empty())
                .setPrefix(BearerToken.SCHEME)
                .setRealm(REALM)
                .setUnauthorizedHandler(new JsonUnauthorized())
                .buildAuthFilter();
    }

    /** The 401 in the API's error shape, with the challenge RFC 6750 asks for. */
    static final class JsonUnauthorized implements UnauthorizedHandler {
        @Override
        public Response buildResponse(String prefix, String realm) {
            return Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, BearerToken.challenge(realm))
                    .type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", BearerToken.ERROR)).build();
        }

        @Override
        public RuntimeException buildException(String prefix, String realm) {
            return new WebApplicationException(buildResponse(prefix, realm));
        }
    }
}
