/** Berkeley DB Java Edition adapter for the storage ports: replica versions and hints on disk. */
package dynamo.bdb;
