package dynamo.activemq;

import dynamo.core.membership.Member;
import dynamo.core.membership.StaticMembership;
import dynamo.core.message.Message;
import dynamo.core.version.Version;
import dynamo.core.version.Versioned;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Microbenchmark, not a test: two nodes (broker + transport each) on loopback; node a keeps
 * {@code window} requests outstanding to b, which answers each; prints round trips per second and
 * the round-trip percentiles. Uses only the transport's public API, so the same file measures an
 * older commit's transport too.
 *
 * <p>Usage: {@code TransportPingPong [windows=1,32,256] [seconds=5] [valueBytes=0]} (valueBytes 0
 * sends Ping/Pong, else a WriteRequest carrying a value of that size, answered by a WriteReply).
 */
public final class TransportPingPong {
    private static final int MAX_SAMPLES = 20_000_000;

    private TransportPingPong() {
    }

    public static void main(String[] args) throws Exception {
        int[] windows = Arrays.stream((args.length > 0 ? args[0] : "1,32,256").split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int valueBytes = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        for (int window : windows) {
            run(window, seconds, valueBytes);
        }
        System.exit(0);
    }

    private static void run(int window, int seconds, int valueBytes) throws Exception {
        StaticMembership membership = new StaticMembership(List.of(
                new Member("a", FreePorts.brokerUrl(), "http://127.0.0.1:1"),
                new Member("b", FreePorts.brokerUrl(), "http://127.0.0.1:2")));
        int slots = Integer.highestOneBit(window) * 4;
        long[] sentAt = new long[slots];
        long[] samples = new long[MAX_SAMPLES];
        AtomicInteger sampleCount = new AtomicInteger();
        AtomicLong ids = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        byte[] value = new byte[valueBytes];
        Versioned versioned = new Versioned(value, Version.NONE);
        EmbeddedBroker brokerA = EmbeddedBroker.start("a", membership.member("a").orElseThrow().brokerUrl());
        EmbeddedBroker brokerB = EmbeddedBroker.start("b", membership.member("b").orElseThrow().brokerUrl());
        try (ActiveMqTransport a = new ActiveMqTransport("a", membership, TransportTuning.defaults());
             ActiveMqTransport b = new ActiveMqTransport("b", membership, TransportTuning.defaults())) {
            Runnable sendNext = () -> {
                long id = ids.getAndIncrement();
                sentAt[(int) (id & (slots - 1))] = System.nanoTime();
                a.send("b", valueBytes == 0 ? new Message.Ping(id, "a")
                        : new Message.WriteRequest(id, "a", new byte[] {1, 2, 3}, List.of(versioned), null));
            };
            b.start(m -> b.send(m.from(), valueBytes == 0 ? new Message.Pong(m.requestId(), "b")
                    : new Message.WriteReply(m.requestId(), "b")));
            a.start(m -> {
                long took = System.nanoTime() - sentAt[(int) (m.requestId() & (slots - 1))];
                int i = sampleCount.getAndIncrement();
                if (i < samples.length) {
                    samples[i] = took;
                }
                completed.incrementAndGet();
                sendNext.run();
            });
            for (int i = 0; i < window; i++) {
                sendNext.run();
            }
            Thread.sleep(2_000); // warm-up: JIT, connections
            sampleCount.set(0);
            long startCompleted = completed.get();
            long start = System.nanoTime();
            long startCpu = processCpuNanos();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            long done = completed.get() - startCompleted;
            long elapsed = System.nanoTime() - start;
            long cpu = processCpuNanos() - startCpu;
            int n = Math.min(sampleCount.get(), samples.length);
            long[] sorted = Arrays.copyOf(samples, n);
            Arrays.sort(sorted);
            System.out.printf("window=%d value=%dB: %.0f round trips/s, p50 %.3f ms, p99 %.3f ms, "
                    + "%.0f us CPU per round trip, dropped %d%n",
                    window, valueBytes, done * 1e9 / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99),
                    done == 0 ? Double.NaN : cpu / 1e3 / done, a.droppedMessages() + b.droppedMessages());
        } finally {
            brokerA.close();
            brokerB.close();
        }
    }

    /** Both nodes run in this JVM, so this is the CPU of two brokers and two transports together. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, sorted.length * p)] / 1e6;
    }
}
