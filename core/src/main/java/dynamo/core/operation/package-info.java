/** What every coordinated request is built on: the operation state machine, its context and table of requests in flight, quorum arithmetic over a key's replica lists, and every deadline. */
package dynamo.core.operation;
