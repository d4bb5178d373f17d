/** The client's copy of the ring, read off a node's {@code GET /ring}: md5 positions and preference lists exactly as the nodes compute them. */
package dynamo.client.ring;
