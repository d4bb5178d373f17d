package dynamo.core.move;

import dynamo.core.antientropy.KeyRange;
import dynamo.core.message.Message;
import dynamo.core.message.Message.StreamReply;
import dynamo.core.message.Message.StreamRequest;
import dynamo.core.ring.RingHash;
import dynamo.core.storage.StorageEngine;
import dynamo.core.storage.StoredEntry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * The sending side of a stream: answers a page of this node's entries in the asked ranges, in key
 * order. A page ends at {@code limit} entries, {@value #MAX_PAGE_BYTES} bytes of values or
 * {@value #MAX_SCANNED} keys looked at, whichever comes first, so that neither side holds more than
 * a page and one request never scans the whole store; the reply says where to resume.
 */
public final class StreamSource {
    static final int MAX_SCANNED = 20_000;
    static final int MAX_PAGE_BYTES = 1 << 20;

    private final String self;
    private final StorageEngine storage;
    private final BiConsumer<String, Message> reply;

    public StreamSource(String self, StorageEngine storage, BiConsumer<String, Message> reply) {
        this.self = self;
        this.storage = storage;
        this.reply = reply;
    }

    public void onStream(StreamRequest request) {
        List<KeyRange> ranges = ranges(request.ranges());
        List<StoredEntry> page = new ArrayList<>();
        byte[] resumeAfter = request.afterKey();
        boolean last = true;
        long bytes = 0;
        try (Stream<StoredEntry> entries = request.afterKey() == null ? storage.scan()
                : storage.scanAfter(request.afterKey())) {
            Iterator<StoredEntry> it = entries.iterator();
            int scanned = 0;
            while (it.hasNext()) {
                if (page.size() >= request.limit() || bytes >= MAX_PAGE_BYTES || scanned >= MAX_SCANNED) {
                    last = false;
                    break;
                }
                StoredEntry entry = it.next();
                scanned++;
                resumeAfter = entry.key();
                long position = RingHash.of(entry.key());
                if (ranges.stream().anyMatch(r -> r.contains(position))) {
                    page.add(entry);
                    bytes += EntrySize.of(entry);
                }
            }
        }
        reply.accept(request.from(), new StreamReply(request.requestId(), self, page, resumeAfter, last));
    }

    /** The (start, end) pairs of a request as ranges; an odd trailing number is ignored. */
    static List<KeyRange> ranges(List<Long> pairs) {
        List<KeyRange> ranges = new ArrayList<>();
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            ranges.add(new KeyRange(pairs.get(i), pairs.get(i + 1)));
        }
        return ranges;
    }

    static List<Long> pairs(List<KeyRange> ranges) {
        List<Long> pairs = new ArrayList<>();
        ranges.forEach(r -> {
            pairs.add(r.start());
            pairs.add(r.end());
        });
        return pairs;
    }
}
