/** The in-process cluster: core nodes in one JVM over an in-memory network with faults, on real time or a manual clock. */
package dynamo.cluster;
