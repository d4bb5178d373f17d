package dynamo.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** One configured bearer token; compared in constant time so answers do not leak how much of a guess matched. */
final class BearerToken {
    static final String SCHEME = "Bearer";
    static final String ERROR = "missing or wrong bearer token (Authorization: Bearer <token>)";

    private final byte[] token;

    BearerToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** True when an {@code Authorization} header value carries this token. */
    boolean matchesHeader(String authorization) {
        String prefix = SCHEME + " ";
        return authorization != null && authorization.regionMatches(true, 0, prefix, 0, prefix.length())
                && matches(authorization.substring(prefix.length()).strip());
    }

    /** The {@code WWW-Authenticate} value of a 401 (RFC 6750). */
    static String challenge(String realm) {
        return SCHEME + " realm=\"" + realm + "\"";
    }

    static String errorJson() {
        return "{\"error\":\"" + ERROR + "\"}";
    }
}
