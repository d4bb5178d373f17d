package dynamo.core.epoch;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.operation.RecordingTransport;
import dynamo.core.message.Message;
import dynamo.core.message.Message.RingFetch;
import dynamo.core.message.Message.StaleEpoch;
import dynamo.core.message.Message.Stamped;
import dynamo.core.ring.RingLayout;
import dynamo.core.version.Ballot;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gate around a node's transport: the epoch stamped on the way out, checked on the way in. */
class EpochGateTest {
    private static final byte[] KEY = {7};
    private final RecordingTransport wire = new RecordingTransport();
    private final AtomicLong now = new AtomicLong(1_000);
    private final List<Message> delivered = new CopyOnWriteArrayList<>();
    private EpochRing ring;
    private EpochGate gate;

    @BeforeEach
    void open() {
        ring = EpochRing.open(new InMemoryRingConfigStore(),
                () -> RingConfig.seed(List.of("a", "b", "c"), new RingLayout.Tokens(1)));
        ring.install(ring.config().renumbered()); // at epoch 2
        gate = new EpochGate(wire, "a", ring, now::get);
        gate.start(delivered::add);
    }

    private Message prepare() {
        return new Message.Prepare(9, "b", KEY, new Ballot(1, "b"));
    }

    @Test
    void everyMessageLeavesStampedWithTheCurrentEpoch() {
        gate.send("b", new Message.Ping(1, "a"));
        ring.install(ring.config().renumbered());
        gate.send("b", new Message.Ping(2, "a"));
        assertThat(wire.sent(Stamped.class)).extracting(Stamped::epoch).containsExactly(2L, 3L);
        assertThat(wire.sent(Stamped.class).get(0).message()).isEqualTo(new Message.Ping(1, "a"));
    }

    @Test
    void aRequestAtOurEpochArrivesBare() {
        wire.receive(new Stamped(2, prepare()));
        assertThat(delivered).containsExactly(prepare());
        assertThat(wire.sent()).isEmpty();
    }

    @Test
    void aRequestFromAnOlderEpochIsRefusedWithOursAndNeverDelivered() {
        wire.receive(new Stamped(1, prepare()));
        assertThat(delivered).isEmpty();
        assertThat(wire.sentTo("b", Stamped.class)).extracting(Stamped::message)
                .containsExactly(new StaleEpoch(9, "a", 1, 2));
    }

    @Test
    void aNewerEpochIsFetchedOnceAndItsRequestRefusedUntilInstalled() {
        wire.receive(new Stamped(3, prepare()));
        wire.receive(new Stamped(3, new Message.Pong(1, "b")));
        List<Message> sent = wire.sentTo("b", Stamped.class).stream().map(Stamped::message).toList();
        assertThat(sent).containsExactly(new RingFetch(0, "a"), new StaleEpoch(9, "a", 3, 2));
        assertThat(delivered).as("the pong passes, the prepare does not").containsExactly(new Message.Pong(1, "b"));

        now.addAndGet(EpochGate.REFETCH_MILLIS);
        wire.receive(new Stamped(3, new Message.Pong(2, "b")));
        assertThat(wire.sent(Stamped.class).stream().map(Stamped::message).filter(RingFetch.class::isInstance))
                .as("asked again once the first fetch may be lost").hasSize(2);
    }
}
