package dynamo.activemq;

import dynamo.core.message.ClientRequest;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.Message;
import dynamo.core.storage.StoredEntry;
import dynamo.core.version.ClockEntry;
import dynamo.core.version.VectorClock;
import dynamo.core.version.Version;
import dynamo.core.version.Ballot;
import dynamo.core.version.Versioned;
import dynamo.core.version.WriteTag;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One message of every type, with the awkward cases: tombstones, null fields, empty lists. */
final class SampleMessages {
    private SampleMessages() {
    }

    static Version version(String node, long counter) {
        VectorClock clock = new VectorClock(List.of(new ClockEntry(node, counter, 1_700_000_000_000L + counter),
                new ClockEntry("zeta", 3, 42)));
        return new Version(clock, new WriteTag(counter, node, counter * 7));
    }

    static Versioned value(String text, long counter) {
        return new Versioned(text.getBytes(StandardCharsets.UTF_8), version("n1", counter));
    }

    static List<Message> everyType(String from) {
        byte[] key = {0, 1, 2, (byte) 0xff};
        return List.of(
                new Message.ReadRequest(1, from, key),
                new Message.ReadReply(2, from, List.of(value("a", 1), Versioned.tombstone(version("n2", 2)))),
                new Message.WriteRequest(3, from, key, List.of(value("b", 3)), null),
                new Message.WriteRequest(4, from, key, List.of(Versioned.tombstone(version("n3", 4))), "node-9"),
                new Message.WriteReply(5, from),
                new Message.WriteRequest(31, from, key, List.of(value("e", 9)), "node-8", new Ballot(123_456, "n2")),
                new Message.Prepare(32, from, key, new Ballot(1_700_000_000_000_000L, "node-1")),
                new Message.Promise(33, from, new Ballot(5, "n1"), true, new Ballot(5, "n1"), new Ballot(4, "n3"),
                        List.of(value("f", 10))),
                new Message.Promise(34, from, new Ballot(5, "n1"), false, new Ballot(6, "n2"), Ballot.ZERO, List.of()),
                new Message.Accept(35, from, key, new Ballot(7, "n1"), List.of(Versioned.tombstone(version("n1", 11))),
                        new Ballot(8, "n1")),
                new Message.Accepted(36, from, new Ballot(7, "n1"), true, new Ballot(8, "n1")),
                new Message.ReadReply(37, from, List.of(value("g", 12)), new Ballot(9, "n4")),
                new Message.ForwardRequest(6, from, ClientRequest.put(key, "v".getBytes(StandardCharsets.UTF_8), null, 2),
                        1_796_000_000_000L),
                new Message.ForwardRequest(7, from, ClientRequest.put(key, null, version("n1", 5), 3), 1_796_000_000_000L),
                new Message.ForwardRequest(8, from, ClientRequest.get(key, 2), 1_796_000_000_000L),
                new Message.ForwardReply(9, from, ClientResponse.found(List.of(value("c", 6), value("d", 7)))),
                new Message.ForwardReply(10, from, ClientResponse.unavailable("no quorum")),
                new Message.ForwardReply(11, from, ClientResponse.notFound()),
                new Message.Ping(12, from),
                new Message.Pong(Long.MAX_VALUE, from),
                new Message.ScanRequest(13, from, null, 100),
                new Message.ScanRequest(14, from, key, 1),
                new Message.ScanReply(15, from, List.of(new StoredEntry(key, List.of(value("e", 8))),
                        new StoredEntry(new byte[] {9}, List.of(Versioned.tombstone(version("n1", 9))))), false),
                new Message.ScanReply(16, from, List.of(), true),
                new Message.MerkleRequest(17, from, Long.MAX_VALUE, Long.MIN_VALUE, 10),
                new Message.MerkleReply(18, from, List.of(-1L, Long.MIN_VALUE, 0L, Long.MAX_VALUE)),
                new Message.BucketRequest(19, from, -5, 7, 3, List.of(0, 5, 7)),
                new Message.BucketReply(20, from, List.of(new StoredEntry(key, List.of(value("f", 10))))),
                new Message.Stamped(7, new Message.Prepare(38, from, key, new Ballot(10, "n1"))),
                new Message.Stamped(Long.MAX_VALUE, new Message.StaleEpoch(39, from, 1, 2)),
                new Message.RingFetch(40, from),
                new Message.RingConfigReply(41, from, new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 2}),
                new Message.ConfigPromise(42, from, new Ballot(11, "n2"), true, new Ballot(11, "n2"), Ballot.ZERO, null));
    }
}
