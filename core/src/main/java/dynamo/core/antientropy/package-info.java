/** Anti-entropy: Merkle trees per key range compared between replicas, repairs in both directions. */
package dynamo.core.antientropy;
