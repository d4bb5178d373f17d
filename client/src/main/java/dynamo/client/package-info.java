/** The Java client of the store: {@link dynamo.client.DynamoClient}, its builder, results and exceptions. */
package dynamo.client;
