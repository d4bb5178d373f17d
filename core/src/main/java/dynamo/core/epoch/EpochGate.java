package dynamo.core.epoch;

import dynamo.core.message.Message;
import dynamo.core.message.Message.RingConfigReply;
import dynamo.core.message.Message.RingFetch;
import dynamo.core.message.Message.StaleEpoch;
import dynamo.core.message.Message.Stamped;
import dynamo.core.transport.MessageHandler;
import dynamo.core.transport.Transport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Puts the epoch on the wire and enforces it, around the real transport: every message leaves
 * {@link Stamped} with this node's epoch at the moment it is sent; every message that arrives is
 * unwrapped, and a fenced one whose epoch is not ours is answered with {@link StaleEpoch} instead of
 * reaching the node. A newer epoch on anything makes this node fetch that config from the sender
 * (at most one fetch per epoch and {@value #REFETCH_MILLIS} ms, as every message of a busy peer
 * carries it).
 */
public final class EpochGate implements Transport {
    static final long REFETCH_MILLIS = 200;

    private final Transport inner;
    private final String self;
    private final EpochRing ring;
    private final LongSupplier clock;
    private long fetchingEpoch;
    private long fetchedAtMillis;

    public EpochGate(Transport inner, String self, EpochRing ring, LongSupplier clockMillis) {
        this.inner = inner;
        this.self = self;
        this.ring = ring;
        this.clock = clockMillis;
    }

    @Override
    public void start(MessageHandler handler) {
        inner.start(message -> receive(message, handler));
    }

    @Override
    public void send(String toNode, Message message) {
        inner.send(toNode, new Stamped(ring.epoch(), message));
    }

    private void receive(Message message, MessageHandler handler) {
        if (!(message instanceof Stamped stamped)) {
            handler.onMessage(message); // only transports of unit tests send bare messages
            return;
        }
        Message bare = stamped.message();
        long ours = ring.epoch();
        if (EpochFence.mustFetch(ours, stamped.epoch()) && !(bare instanceof RingConfigReply)) {
            fetch(bare.from(), stamped.epoch());
        }
        if (EpochFence.admits(ours, stamped.epoch(), bare)) {
            handler.onMessage(bare);
        } else {
            send(bare.from(), new StaleEpoch(bare.requestId(), self, stamped.epoch(), ours));
        }
    }

    private void fetch(String from, long epoch) {
        long now = clock.getAsLong();
        synchronized (this) {
            if (epoch <= fetchingEpoch && now - fetchedAtMillis < REFETCH_MILLIS) {
                return;
            }
            fetchingEpoch = Math.max(fetchingEpoch, epoch);
            fetchedAtMillis = now;
        }
        send(from, new RingFetch(0, self));
    }

    @Override
    public void onUnreachable(Consumer<String> listener) {
        inner.onUnreachable(listener);
    }

    @Override
    public void onArrival(Consumer<String> listener) {
        inner.onArrival(listener);
    }

    @Override
    public void close() {
        inner.close();
    }
}
