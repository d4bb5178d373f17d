/** Who is in the cluster. */
package dynamo.core.membership;
