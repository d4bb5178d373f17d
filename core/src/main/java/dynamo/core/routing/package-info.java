/** Where a client request runs: the coordinator picks the node that runs it, forwards it there, fails over and hedges, and runs a key's writes one at a time. */
package dynamo.core.routing;
