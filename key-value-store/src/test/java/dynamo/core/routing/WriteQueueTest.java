package dynamo.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteQueueTest {
    private final WriteQueue queue = new WriteQueue();
    private final List<String> ran = new ArrayList<>();

    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }

    private Runnable write(String name) {
        return () -> ran.add(name);
    }

    @Test
    void anIdleKeyRunsAtOnce() {
        queue.submit(key("a"), write("a1"));

        assertThat(ran).containsExactly("a1");
        assertThat(queue.keysBusy()).isEqualTo(1);
    }

    @Test
    void writesToOneKeyRunOneAtATimeInOrder() {
        queue.submit(key("a"), write("a1"));
        queue.submit(key("a"), write("a2"));
        queue.submit(key("a"), write("a3"));
        assertThat(ran).containsExactly("a1");

        queue.done(key("a"));
        assertThat(ran).containsExactly("a1", "a2");
        queue.done(key("a"));
        assertThat(ran).containsExactly("a1", "a2", "a3");
        queue.done(key("a"));

        assertThat(queue.keysBusy()).isZero();
    }

    @Test
    void equalKeysInDifferentArraysShareAQueue() {
        queue.submit(key("a"), write("first"));
        queue.submit(key("a").clone(), write("second"));

        assertThat(ran).containsExactly("first");
    }

    @Test
    void independentKeysRunConcurrently() {
        queue.submit(key("a"), write("a1"));
        queue.submit(key("b"), write("b1"));
        queue.submit(key("a"), write("a2"));

        assertThat(ran).containsExactly("a1", "b1");
        assertThat(queue.keysBusy()).isEqualTo(2);

        queue.done(key("b"));
        assertThat(ran).containsExactly("a1", "b1");
        assertThat(queue.keysBusy()).isEqualTo(1);
        queue.done(key("a"));
        assertThat(ran).containsExactly("a1", "b1", "a2");
    }

    @Test
    void aKeyIsIdleAgainAfterItsLastWrite() {
        queue.submit(key("a"), write("a1"));
        queue.done(key("a"));

        queue.submit(key("a"), write("a2"));

        assertThat(ran).containsExactly("a1", "a2");
    }

    @Test
    void aWriteThatFinishesWhileRunningLetsTheNextRun() {
        byte[] k = key("a");
        queue.submit(k, () -> {
            ran.add("sync");
            queue.done(k);
        });
        queue.submit(k, write("next"));

        assertThat(ran).containsExactly("sync", "next");
        assertThat(queue.keysBusy()).isEqualTo(1);
    }

    @Test
    void doneOnAnIdleKeyIsHarmless() {
        queue.done(key("never"));

        assertThat(queue.keysBusy()).isZero();
    }
}
