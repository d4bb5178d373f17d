package dynamo.webview;

import java.util.ArrayDeque;
import java.util.List;

/** The last {@code capacity} request samples, oldest first; the oldest is dropped when full. */
final class SampleHistory {
    private final int capacity;
    private final ArrayDeque<RequestSample> samples;

    SampleHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.samples = new ArrayDeque<>(capacity);
    }

    synchronized void add(RequestSample sample) {
        if (samples.size() == capacity) {
            samples.removeFirst();
        }
        samples.addLast(sample);
    }

    synchronized List<RequestSample> samples() {
        return List.copyOf(samples);
    }
}
