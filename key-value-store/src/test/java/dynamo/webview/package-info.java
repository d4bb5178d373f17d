/** Tests of the web view: its pure parts, and the headless browser that the cluster test drives. */
package dynamo.webview;
