/** The scan-scaling measurement: time and node memory of a full {@code *} as the store grows. */
package dynamo.benchmark.scan;
