package dynamo.core.antientropy;

/**
 * What one anti-entropy pass did. pulled: keys whose local versions changed; pushed: keys sent to a
 * peer; collected: tombstones dropped; peersAsked/peersAnswered: peers whose trees were requested and
 * received; merkleRequests: trees asked for (one per range and peer); differingBuckets: leaves that
 * differed, summed over peers; bucketRequests: messages sent to fetch them.
 */
public record PassResult(long pulled, long pushed, long collected, int peersAsked, int peersAnswered,
        int merkleRequests, int differingBuckets, int bucketRequests, long millis) {

    public long repairs() {
        return pulled + pushed;
    }
}
