package dynamo.client.ring;

import java.net.URI;
import java.util.List;

/**
 * One member as {@code GET /ring} lists it: its id, client URL and admin URL (either null when the
 * node does not know them), its tokens, and whether the answering node thought it up.
 */
public record RingNode(String id, URI url, URI adminUrl, List<Long> tokens, boolean seemsUp) {
    public RingNode {
        tokens = List.copyOf(tokens);
    }
}
