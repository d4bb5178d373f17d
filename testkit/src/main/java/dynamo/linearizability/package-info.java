/** Test-side linearizability checker for per-key registers (Wing &amp; Gong / Lowe search over recorded client histories). */
package dynamo.linearizability;
