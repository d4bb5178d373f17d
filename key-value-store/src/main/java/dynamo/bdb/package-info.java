/** Berkeley DB Java Edition adapter for the storage ports: replica versions, hints, and the ring config with its register state on disk. */
package dynamo.bdb;
