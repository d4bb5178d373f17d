/** Hinted handoff: copies kept for a replica that seemed down, stored, and delivered once it is heard again. */
package dynamo.core.handoff;
