/** Multi-process cluster tests: real node JVMs started by bin/cluster (dynamo.harness), driven over HTTP, crashed with kill -9, paused with SIGSTOP, cut off and put on lossy links with iptables (dynamo.faults). */
package dynamo.multiprocess;
