/** The messages nodes exchange and the client requests they carry. */
package dynamo.core.message;
