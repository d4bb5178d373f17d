/** Per-request state machines, quorum arithmetic and the replica side of reads and writes. */
package dynamo.core.coordination;
