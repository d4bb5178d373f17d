/** The linearizability checker for per-key registers: a Wing &amp; Gong / Lowe search over recorded client histories, used by the tests. */
package dynamo.linearizability;
