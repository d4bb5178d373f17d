/** Who is in the cluster: static peers or discovery, and the follower that proposes a discovered change to the ring register. */
package dynamo.core.membership;
