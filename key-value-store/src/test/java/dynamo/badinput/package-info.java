/** Bad-input fuzzing of a single in-JVM node: generated malformed requests and a raw HTTP client to send them. */
package dynamo.badinput;
