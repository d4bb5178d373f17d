/** What a node reports to Graphite: its own series and a few JVM ones, not Dropwizard's hundreds. */
package dynamo.metrics;
