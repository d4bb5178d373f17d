/**
 * The per-key consensus protocol (CASPaxos with its one-round-trip optimisation): the acceptor
 * rules a replica applies to its stored state, and the proposer state machines of writes and reads.
 */
package dynamo.core.paxos;
