/** Membership changes that move data: join, leave and remove, with pending ranges, streaming and clean-up. */
package dynamo.core.move;
