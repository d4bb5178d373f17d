/** The failure detector: whether a peer seems up, from the messages heard, the probes sent and the transport's errors. */
package dynamo.core.liveness;
