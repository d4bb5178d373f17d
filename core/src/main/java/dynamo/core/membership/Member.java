package dynamo.core.membership;

/**
 * A node of the cluster: its stable id (which fixes its ring positions) and where to reach it:
 * its broker, its client API and its admin port ({@code adminUrl} null where not configured).
 */
public record Member(String id, String brokerUrl, String httpUrl, String adminUrl) {
    public Member(String id, String brokerUrl, String httpUrl) {
        this(id, brokerUrl, httpUrl, null);
    }
}
