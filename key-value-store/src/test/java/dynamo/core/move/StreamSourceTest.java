package dynamo.core.move;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.antientropy.KeyRange;
import dynamo.core.message.Message;
import dynamo.core.message.Message.StreamReply;
import dynamo.core.message.Message.StreamRequest;
import dynamo.core.ring.RingHash;
import dynamo.core.storage.InMemoryStorageEngine;
import dynamo.core.storage.StoredEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class StreamSourceTest {
    private final InMemoryStorageEngine storage = new InMemoryStorageEngine();
    private final List<Message> sent = new ArrayList<>();
    private final StreamSource source = new StreamSource("n1", storage, (to, m) -> sent.add(m));

    @Test
    void pagesCoverExactlyTheKeysOfTheRangesInKeyOrder() {
        for (int i = 0; i < 3000; i++) {
            byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            storage.update(key, v -> List.of(dynamo.core.paxos.AcceptorTest.value("v", 1)));
        }
        // the first quarter of the ring and an arc that wraps past zero
        List<KeyRange> ranges = List.of(new KeyRange(0, Long.MIN_VALUE / 2), new KeyRange(-1000L, 1000L));
        Set<String> expected = new TreeSet<>();
        storage.scan().forEach(e -> {
            long position = RingHash.of(e.key());
            if (ranges.stream().anyMatch(r -> r.contains(position))) {
                expected.add(new String(e.key(), StandardCharsets.UTF_8));
            }
        });
        Set<String> streamed = new TreeSet<>();
        byte[] after = null;
        int pages = 0;
        while (true) {
            source.onStream(new StreamRequest(pages, "n2", StreamSource.pairs(ranges), after, 100));
            StreamReply page = (StreamReply) sent.get(sent.size() - 1);
            assertThat(page.entries()).hasSizeLessThanOrEqualTo(100);
            for (StoredEntry e : page.entries()) {
                assertThat(streamed.add(new String(e.key(), StandardCharsets.UTF_8))).as("no key twice").isTrue();
            }
            pages++;
            if (page.last()) {
                break;
            }
            after = page.resumeAfter();
        }
        assertThat(streamed).isEqualTo(expected);
        assertThat(pages).isGreaterThan(expected.size() / 100);
    }
}
