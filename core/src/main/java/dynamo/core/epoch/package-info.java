/** The epoch-numbered ring: its configuration, durable store, consensus register, and the fence on stale epochs. */
package dynamo.core.epoch;
