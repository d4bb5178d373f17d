/** The domain core: pure logic with no framework imports; adapters live in sibling packages. */
package dynamo.core;
