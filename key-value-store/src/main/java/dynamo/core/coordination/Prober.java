package dynamo.core.coordination;

import dynamo.core.message.Message.Ping;
import java.util.Collection;
import java.util.function.Supplier;

/** Light probing: pings every peer each heartbeat, so that silence means down and an answer means back. */
public final class Prober {
    private final OperationContext ctx;
    private final Supplier<? extends Collection<String>> peers;
    private volatile boolean running = true;

    public Prober(OperationContext ctx, Supplier<? extends Collection<String>> peers) {
        this.ctx = ctx;
        this.peers = peers;
    }

    public void start() {
        tick();
    }

    public void stop() {
        running = false;
    }

    private void tick() {
        if (!running) {
            return;
        }
        for (String peer : peers.get()) {
            if (!peer.equals(ctx.self())) {
                ctx.send(peer, new Ping(0, ctx.self()));
            }
        }
        ctx.scheduler().schedule(this::tick, ctx.deadlines().heartbeatMillis());
    }
}
