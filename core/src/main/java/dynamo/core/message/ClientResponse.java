package dynamo.core.message;

import dynamo.core.version.Versioned;
import java.util.List;

/**
 * The coordinator's answer. FOUND carries the live versions (siblings), NOT_FOUND none,
 * WRITTEN the version written, REJECTED a conditional put that lost, UNAVAILABLE a request
 * whose outcome is unknown (no quorum before the deadline). {@code newerRingAt} names the node that
 * refused the request because the coordinator's ring was stale (it holds the newer one); null
 * for every other answer.
 */
public record ClientResponse(Status status, List<Versioned> versions, String message, String newerRingAt) {
    public enum Status { FOUND, NOT_FOUND, WRITTEN, REJECTED, UNAVAILABLE }

    public ClientResponse {
        versions = versions == null ? List.of() : List.copyOf(versions);
    }

    public ClientResponse(Status status, List<Versioned> versions, String message) {
        this(status, versions, message, null);
    }

    public static ClientResponse found(List<Versioned> versions) {
        return new ClientResponse(Status.FOUND, versions, null);
    }

    public static ClientResponse notFound() {
        return new ClientResponse(Status.NOT_FOUND, List.of(), null);
    }

    public static ClientResponse written(Versioned written) {
        return new ClientResponse(Status.WRITTEN, List.of(written), null);
    }

    public static ClientResponse rejected() {
        return new ClientResponse(Status.REJECTED, List.of(), "fromVersion is stale: the key was written since");
    }

    public static ClientResponse unavailable(String why) {
        return new ClientResponse(Status.UNAVAILABLE, List.of(), why);
    }

    /** 503: {@code refusedBy} is at a newer ring epoch than the coordinator, and holds that ring. */
    public static ClientResponse staleRing(String why, String refusedBy) {
        return new ClientResponse(Status.UNAVAILABLE, List.of(), why, refusedBy);
    }
}
