/** The messages nodes exchange (each sent in a {@code Stamped} envelope with the sender's ring epoch) and the client requests they carry. */
package dynamo.core.message;
