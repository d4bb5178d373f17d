/** Dynamo's own mode: sloppy-quorum gets and puts that keep concurrent versions as siblings. */
package dynamo.core.siblings;
