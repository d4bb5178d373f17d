/** The consistent-hash ring: md5 positions, preference lists, the layouts (equal partitions or md5 tokens) and their balance; which ring is current is {@code core.epoch}'s. */
package dynamo.core.ring;
