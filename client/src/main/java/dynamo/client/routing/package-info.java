/** Where each request goes: token-aware routing over the client's copy of the ring (refreshed in the background), or one fixed node. */
package dynamo.client.routing;
