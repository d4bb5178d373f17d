package dynamo.client.http;

/**
 * Bearer tokens the client presents: {@code api} on the client API (gets, puts, scans), {@code admin}
 * on the admin port (GET /ring). Null where the nodes ask for none.
 */
public record Tokens(String api, String admin) {
    public static final Tokens NONE = new Tokens(null, null);

    public Tokens {
        for (String token : new String[] {api, admin}) {
            if (token != null && (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
                throw new IllegalArgumentException("a token must be printable ASCII without spaces");
            }
        }
    }

    static String header(String token) {
        return token == null ? null : "Bearer " + token;
    }
}
