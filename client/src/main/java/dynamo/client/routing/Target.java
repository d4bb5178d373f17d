package dynamo.client.routing;

import java.net.URI;

/** A node to send to: its client API URL and, when known from the ring, its id (null for a bare seed URL). */
public record Target(String id, URI url) {
    @Override
    public String toString() {
        return id == null ? url.toString() : id + " (" + url + ")";
    }
}
