package dynamo.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.dropwizard.jetty.setup.ServletEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * Bearer-token check in front of every admin servlet (metrics, health checks, threads, tasks,
 * /ring), except {@code /ping}: it only answers "pong", and load balancers (HAProxy's httpchk,
 * Consul's check) probe it without credentials.
 */
public final class AdminTokenFilter implements Filter {
    static final String REALM = "dynamo-admin";
    private static final Set<String> OPEN_PATHS = Set.of("/ping");

    private final BearerToken token;

    AdminTokenFilter(BearerToken token) {
        this.token = token;
    }

    public static void register(ServletEnvironment admin, String token) {
        admin.addFilter("admin-token", new AdminTokenFilter(new BearerToken(token)))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String path = http.getRequestURI().substring(http.getContextPath().length());
        if (OPEN_PATHS.contains(path) || token.matchesHeader(http.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse answer = (HttpServletResponse) response;
        answer.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        answer.setHeader("WWW-Authenticate", BearerToken.challenge(REALM));
        answer.setContentType("application/json");
        answer.getOutputStream().write(BearerToken.errorJson().getBytes(StandardCharsets.UTF_8));
    }
}
