/** The compose deployment run for real: docker-machine-weave/slave.yml + loopback.yml on a local Docker engine. */
package dynamo.compose;
