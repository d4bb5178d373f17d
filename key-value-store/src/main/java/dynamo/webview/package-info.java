/** The live web view on the admin port: its static page, the JSON it reads, and each node's request history. */
package dynamo.webview;
