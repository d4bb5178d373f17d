/** The HTTP adapter: the client API resources, request validation and JSON error mapping. */
package dynamo.http;
