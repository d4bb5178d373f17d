package dynamo.client.ring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON of {@code GET /ring}: {@code {"epoch", "replicas", "partitioner": "md5", "nodes":
 * [{"id", "url", "adminUrl", "tokens": ["<unsigned decimal>", ...], "seemsUp"}]}}.
 */
public final class RingJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RingJson() {
    }

    public static ClientRing parse(byte[] body) throws IOException {
        JsonNode ring = JSON.readTree(body);
        if (ring == null || !ring.isObject()) {
            throw new IOException("not a ring: " + new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
        String partitioner = ring.path("partitioner").asText("md5");
        if (!partitioner.equals("md5")) {
            throw new IOException("unknown partitioner " + partitioner);
        }
        List<RingNode> nodes = new ArrayList<>();
        for (JsonNode node : ring.path("nodes")) {
            List<Long> tokens = new ArrayList<>();
            for (JsonNode token : node.path("tokens")) {
                tokens.add(Long.parseUnsignedLong(token.asText()));
            }
            nodes.add(new RingNode(node.path("id").asText(), uri(node.path("url")), uri(node.path("adminUrl")), tokens,
                    node.path("seemsUp").asBoolean(true)));
        }
        try {
            return new ClientRing(ring.path("epoch").asLong(), ring.path("replicas").asInt(0), nodes);
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed ring: " + e.getMessage(), e);
        }
    }

    private static URI uri(JsonNode text) throws IOException {
        if (!text.isTextual() || text.asText().isBlank()) {
            return null;
        }
        try {
            return URI.create(text.asText());
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed URL in the ring: " + text.asText(), e);
        }
    }
}
