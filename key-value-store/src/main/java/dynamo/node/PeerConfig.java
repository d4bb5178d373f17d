package dynamo.node;

import jakarta.validation.constraints.NotEmpty;

/** One entry of the static peer list. */
public class PeerConfig {
    @NotEmpty
    public String id;
    @NotEmpty
    public String brokerUrl;
    @NotEmpty
    public String httpUrl;
    /** Where the peer's admin port answers (for clients that read {@code GET /ring}); optional. */
    public String adminUrl;
}
