package dynamo.core.liveness;

import dynamo.core.message.Message.Ping;
import dynamo.core.operation.OperationContext;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Light probing: each heartbeat, pings every peer not heard from during the last one, so that silence
 * means down and an answer means back. Under load, requests and replies already carry that news. Each
 * heartbeat also tells the failure detector that this node itself runs on time.
 */
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
        ctx.detector().heartbeat();
        for (String peer : peers.get()) {
            if (!peer.equals(ctx.self()) && !ctx.detector().heardWithin(peer, ctx.deadlines().heartbeatMillis())) {
                ctx.send(peer, new Ping(0, ctx.self()));
            }
        }
        ctx.scheduler().schedule(this::tick, ctx.deadlines().heartbeatMillis());
    }
}
