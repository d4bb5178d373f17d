/** {@code bin/dynamo}: the command-line client (picocli) on the Java client; exit codes 0 found/written, 1 not found/rejected, 2 unavailable/unknown, 3 bad input. */
package dynamo.client.cli;
