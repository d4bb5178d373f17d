/** Each client operation as a state machine over the nodes it may try (a get retried once, a write never replayed), and the runner that drives it, blocking or async. */
package dynamo.client.call;
