/** Multi-process cluster tests: real node JVMs started by bin/cluster, driven over HTTP and crashed with kill -9. */
package dynamo.multiprocess;
