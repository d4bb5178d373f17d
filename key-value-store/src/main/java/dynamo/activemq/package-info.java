/**
 * The ActiveMQ adapter of the transport port: an embedded broker per node, batched frames of
 * binary-encoded messages between nodes, messages to self handled in the JVM.
 */
package dynamo.activemq;
