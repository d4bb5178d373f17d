/** The replica side: prepares, accepts, reads, late copies and scans served from this node's storage. */
package dynamo.core.replica;
