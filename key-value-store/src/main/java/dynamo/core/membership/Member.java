package dynamo.core.membership;

/** A node of the cluster: its stable id (which fixes its ring positions) and where to reach it. */
public record Member(String id, String brokerUrl, String httpUrl) {
}
