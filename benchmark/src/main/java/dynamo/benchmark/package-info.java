/** A load generator and latency probe for a running cluster, speaking the client REST API. */
package dynamo.benchmark;
