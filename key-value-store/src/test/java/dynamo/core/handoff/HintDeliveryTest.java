package dynamo.core.handoff;

import dynamo.core.operation.OperationHarness;
import static dynamo.core.version.Versions.bytes;
import static dynamo.core.version.Versions.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dynamo.core.message.Message.WriteReply;
import dynamo.core.message.Message.WriteRequest;
import dynamo.core.storage.KeyState;
import dynamo.core.version.Versioned;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class HintDeliveryTest {
    private static final long PERIOD = 200;
    private static final Versioned V1 = value("v1", "n1", 1);
    private static final Versioned V2 = value("v2", "n1", 2);

    private final OperationHarness h = new OperationHarness();
    private final InMemoryHintStore hints = new InMemoryHintStore();
    private final HintDelivery delivery = new HintDelivery(h.ctx, hints, h.requests, PERIOD, Runnable::run,
            (target, key) -> true);

    private void keep(String target, String key, Versioned version) {
        hints.update(target, bytes(key), current -> List.of(version));
    }

    private void ackAll() {
        for (var sent : h.transport.sent()) {
            if (sent.message() instanceof WriteRequest write) {
                h.requests.deliver(new WriteReply(write.requestId(), sent.to()));
            }
        }
    }

    @Test
    void hintsGoToTheirLiveTargetsAsPlainWritesAndAreDroppedWhenAcknowledged() {
        keep("n4", "a", V1);
        keep("n4", "b", V1);
        keep("n5", "c", V2);
        delivery.start();

        h.scheduler.advance(PERIOD);

        assertThat(h.transport.receiversOf(WriteRequest.class)).containsExactlyInAnyOrder("n4", "n4", "n5");
        assertThat(h.transport.sentTo("n5", WriteRequest.class)).singleElement().satisfies(w -> {
            assertThat(w.key()).isEqualTo(bytes("c"));
            assertThat(w.versions()).containsExactly(V2);
            assertThat(w.hintFor()).as("the target stores it as a replica").isNull();
        });
        ackAll();
        assertThat(hints.count()).isZero();
        assertThat(delivery.delivered()).isEqualTo(3);
    }

    @Test
    void nothingIsSentToATargetThatSeemsDownUntilItIsHeardAgain() {
        keep("n4", "a", V1);
        h.detector.unreachable("n4");
        delivery.start();

        h.scheduler.advance(PERIOD);
        assertThat(h.transport.sent(WriteRequest.class)).isEmpty();

        h.detector.heard("n4");
        h.scheduler.advance(0);

        assertThat(h.transport.sentTo("n4", WriteRequest.class)).hasSize(1);
    }

    @Test
    void anUnacknowledgedHintIsKept() {
        keep("n4", "a", V1);
        delivery.start();
        h.scheduler.advance(PERIOD);
        assertThat(h.transport.sent(WriteRequest.class)).hasSize(1);

        h.scheduler.advance(OperationHarness.TIMEOUTS.requestMillis());

        assertThat(hints.count()).isEqualTo(1);
        assertThat(delivery.delivered()).isZero();
    }

    @Test
    void aHintReplacedDuringDeliveryIsKept() {
        keep("n4", "a", V1);
        delivery.start();
        h.scheduler.advance(PERIOD);

        keep("n4", "a", V2);
        ackAll();

        assertThat(hints.forTarget("n4", 10)).singleElement()
                .satisfies(hint -> assertThat(hint.versions()).containsExactly(V2));
    }

    @Test
    void stoppedDeliverySendsNothing() {
        keep("n4", "a", V1);
        delivery.start();
        delivery.stop();

        h.scheduler.advance(PERIOD * 3);

        assertThat(h.transport.sent(WriteRequest.class)).isEmpty();
    }
    @Test
    void theHintStoreIsOnlyReadAndWrittenOffTheSchedulersThread() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        HintStore recording = new HintStore() {
            @Override
            public void updateState(String target, byte[] key, UnaryOperator<KeyState> change) {
                hints.updateState(target, key, change);
            }

            @Override
            public List<Hint> forTarget(String target, int limit) {
                threads.add(Thread.currentThread().getName());
                return hints.forTarget(target, limit);
            }

            @Override
            public void removeIfUnchanged(Hint delivered) {
                threads.add(Thread.currentThread().getName());
                hints.removeIfUnchanged(delivered);
            }

            @Override
            public Set<String> targets() {
                threads.add(Thread.currentThread().getName());
                return hints.targets();
            }

            @Override
            public long count() {
                return hints.count();
            }

            @Override
            public void close() {
            }
        };
        keep("n4", "a", V1);
        HintDelivery ownThread = new HintDelivery(h.ctx, recording, h.requests, PERIOD, (target, key) -> true);
        ownThread.start();
        try {
            h.scheduler.advance(PERIOD); // the scheduler's thread is this test's thread
            await().atMost(Duration.ofSeconds(5)).until(() -> !h.transport.sent(WriteRequest.class).isEmpty());
            ackAll();
            await().atMost(Duration.ofSeconds(5)).until(() -> hints.count() == 0);
        } finally {
            ownThread.stop();
        }
        assertThat(threads).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith("hint-delivery-"));
    }
}
