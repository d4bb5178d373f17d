/** Multi-process cluster tests: real node JVMs started by bin/cluster, driven over HTTP, crashed with kill -9 and paused with SIGSTOP. */
package dynamo.multiprocess;
