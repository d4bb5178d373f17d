/** Versions: vector clocks, totally ordered write tags, and how versions resolve. */
package dynamo.core.version;
