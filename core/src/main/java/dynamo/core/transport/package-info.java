/** The transport port: best-effort node-to-node messaging. */
package dynamo.core.transport;
