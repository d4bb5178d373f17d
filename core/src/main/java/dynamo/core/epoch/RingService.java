package dynamo.core.epoch;

import dynamo.core.message.Message;
import dynamo.core.message.Message.ConfigAccept;
import dynamo.core.message.Message.ConfigAccepted;
import dynamo.core.message.Message.ConfigPrepare;
import dynamo.core.message.Message.ConfigPromise;
import dynamo.core.message.Message.RingConfigReply;
import dynamo.core.message.Message.RingFetch;
import java.util.function.BiConsumer;

/**
 * The ring's side of the message dispatch: serves this node's config to a fetch, installs a newer
 * config that arrives (fetched or pushed by the proposer of a change), and is this node's acceptor
 * of the ring register, one message at a time on the durable state.
 */
public final class RingService {
    private final String self;
    private final EpochRing ring;
    private final RingConfigStore store;
    private final BiConsumer<String, Message> reply;

    public RingService(String self, EpochRing ring, RingConfigStore store, BiConsumer<String, Message> reply) {
        this.self = self;
        this.ring = ring;
        this.store = store;
        this.reply = reply;
    }

    /** Handles the message if it is one of the ring's requests or pushes; false for anything else. */
    public boolean handle(Message message) {
        if (message instanceof RingFetch fetch) {
            reply.accept(fetch.from(), new RingConfigReply(fetch.requestId(), self, RingConfigCodec.encode(ring.config())));
        } else if (message instanceof RingConfigReply config) {
            install(config);
            return config.requestId() == 0; // an answer someone asked for also goes to its operation
        } else if (message instanceof ConfigPrepare prepare) {
            onPrepare(prepare);
        } else if (message instanceof ConfigAccept accept) {
            onAccept(accept);
        } else {
            return false;
        }
        return true;
    }

    private void install(RingConfigReply config) {
        try {
            ring.install(RingConfigCodec.decode(config.config()));
        } catch (IllegalArgumentException malformed) {
            // a config that does not decode is ignored: the next message with the newer epoch fetches again
        }
    }

    private synchronized void onPrepare(ConfigPrepare prepare) {
        RegisterState before = store.register();
        RegisterState after = ConfigRegister.prepare(before, prepare.ballot());
        if (after != before) {
            store.saveRegister(after);
        }
        boolean ok = ConfigRegister.promised(after, prepare.ballot());
        byte[] value = ok && after.value() != null ? RingConfigCodec.encode(after.value()) : null;
        reply.accept(prepare.from(), new ConfigPromise(prepare.requestId(), self, prepare.ballot(), ok,
                after.promised(), after.accepted(), value));
    }

    private synchronized void onAccept(ConfigAccept accept) {
        RingConfig value;
        try {
            value = RingConfigCodec.decode(accept.value());
        } catch (IllegalArgumentException malformed) {
            return;
        }
        RegisterState before = store.register();
        RegisterState after = ConfigRegister.accept(before, accept.ballot(), value);
        if (after != before) {
            store.saveRegister(after);
        }
        reply.accept(accept.from(), new ConfigAccepted(accept.requestId(), self, accept.ballot(),
                ConfigRegister.accepted(after, accept.ballot())));
    }
}
