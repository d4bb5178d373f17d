/** Membership from Consul: this node registers itself as a service and follows the healthy instances. */
package dynamo.consul;
