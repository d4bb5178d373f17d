package dynamo.core.routing;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * Runs a coordinator's writes to one key one at a time. Between a conditional put's read and its
 * write no other write of this coordinator may slip in, or two puts from the same version could
 * both succeed.
 */
public final class WriteQueue {
    private final Map<ByteBuffer, Queue<Runnable>> waiting = new HashMap<>();

    /** Runs {@code write} now if the key is idle, else after the writes before it; it must call {@link #done}. */
    public void submit(byte[] key, Runnable write) {
        ByteBuffer k = ByteBuffer.wrap(key);
        synchronized (this) {
            Queue<Runnable> queue = waiting.get(k);
            if (queue != null) {
                queue.add(write);
                return;
            }
            waiting.put(k, new ArrayDeque<>());
        }
        write.run();
    }

    /** The current write of {@code key} finished: start the next one, if any. */
    public void done(byte[] key) {
        ByteBuffer k = ByteBuffer.wrap(key);
        Runnable next;
        synchronized (this) {
            Queue<Runnable> queue = waiting.get(k);
            next = queue == null ? null : queue.poll();
            if (next == null) {
                waiting.remove(k);
            }
        }
        if (next != null) {
            next.run();
        }
    }

    public synchronized int keysBusy() {
        return waiting.size();
    }
}
