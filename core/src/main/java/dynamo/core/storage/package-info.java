/** The storage port: what a replica needs from its durable key-value store. */
package dynamo.core.storage;
