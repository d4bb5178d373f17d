/** Node assembly: the Dropwizard application, its configuration, wiring, health and metrics. */
package dynamo.node;
