/** The global scan behind the * query: pages fetched from the replicas of each range and merged in key order. */
package dynamo.core.scan;
