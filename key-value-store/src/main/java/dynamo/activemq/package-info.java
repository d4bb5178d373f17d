/** The ActiveMQ adapter of the transport port: an embedded broker per node and JMS links between nodes. */
package dynamo.activemq;
