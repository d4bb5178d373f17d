package dynamo.webview;

import com.codahale.metrics.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Takes a {@link RequestSample} from the node's coordinator timers each time it runs (every 10 s in
 * a node): the rate is the growth of the timers' counts since the previous run. The p99 is the
 * timer's own snapshot, whose reservoir (Dropwizard's exponentially decaying one) favours about the
 * last five minutes: a windowed p99 would need timers of another kind, which would change the
 * series Graphite gets.
 */
final class RequestSampler implements Runnable {
    private final Timer gets;
    private final Timer puts;
    private final SampleHistory history;
    private final LongSupplier clockMillis;
    private long lastCount;
    private long lastMillis;

    RequestSampler(Timer gets, Timer puts, SampleHistory history, LongSupplier clockMillis) {
        this.gets = gets;
        this.puts = puts;
        this.history = history;
        this.clockMillis = clockMillis;
        this.lastCount = count();
        this.lastMillis = clockMillis.getAsLong();
    }

    @Override
    public synchronized void run() {
        long now = clockMillis.getAsLong();
        long count = count();
        long elapsed = now - lastMillis;
        double rate = elapsed > 0 ? (count - lastCount) * 1000.0 / elapsed : 0.0;
        history.add(new RequestSample(now, rate, p99Millis(gets), p99Millis(puts)));
        lastCount = count;
        lastMillis = now;
    }

    private long count() {
        return gets.getCount() + puts.getCount();
    }

    private static double p99Millis(Timer timer) {
        return timer.getSnapshot().get99thPercentile() / TimeUnit.MILLISECONDS.toNanos(1);
    }
}
