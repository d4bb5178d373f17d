/** The HTTP adapter: Apache HttpClient 5 (pooled, sync on the caller's thread and async), the API's JSON and base64. */
package dynamo.client.http;
