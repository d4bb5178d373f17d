/** The multi-process cluster harness: LocalCluster runs real node JVMs with bin/cluster, KvClient speaks their HTTP API, RingModel says where keys live, RepoDir finds the repository, ChildJvm runs a class in a JVM of its own. */
package dynamo.harness;
