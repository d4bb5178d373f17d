/** The global scan behind the * query: a key-ordered merge of every node's entries. */
package dynamo.core.scan;
