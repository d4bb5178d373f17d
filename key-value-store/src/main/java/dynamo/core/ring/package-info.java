/** The consistent-hash ring: md5 positions, preference lists. */
package dynamo.core.ring;
