/** Who may talk to a node: the cluster secret and TLS of the brokers, bearer tokens on the client API and admin port. */
package dynamo.security;
