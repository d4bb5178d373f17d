package dynamo.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay on its own, over loopback (no iptables, no root): the delay is there on a round trip,
 * bytes arrive whole and in order under jitter, the delay can be switched off and on on a live
 * connection, and closing stops every thread. Delays are checked from below (a round trip through
 * the relay takes at least both delays), never as a speed from above.
 */
class DelayingRelayTest {
    private static final long MS = 1_000_000;
    private final EchoServer echo = new EchoServer();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        echo.close();
    }

    @Test
    void aRoundTripThroughTheRelayTakesBothDelaysMoreThanOneDirect() throws Exception {
        DelayingRelay relay = relay(from -> 40 * MS);
        try (Socket direct = dial(echo.port()); Socket relayed = dial(relay.port())) {
            long directMedian = medianRoundTrip(direct, 15);
            long relayedMin = minRoundTrip(relayed, 15);
            System.out.printf("[relay] round trip direct %.2f ms (median), through a 40 ms relay %.2f ms (min)%n",
                    directMedian / 1e6, relayedMin / 1e6);
            assertThat(relayedMin).as("a round trip through the relay: two chunks, 40 ms each")
                    .isGreaterThanOrEqualTo(80 * MS).isGreaterThan(directMedian + 60 * MS);
            assertThat(relay.delayedChunks()).as("15 round trips, a chunk each way").isEqualTo(30);
        }
        assertThat(echo.peers).as("who dialed the echo server: direct, then the relay")
                .containsExactly(InetAddress.getByName("127.0.0.1"), InetAddress.getByName(SlowLink.RELAY_SOURCE));
    }

    @Test
    void underJitterEveryByteArrivesOnceAndInOrderAndAnEndOfStreamIsForwarded() throws Exception {
        Random random = new Random(42);
        DelayingRelay relay = relay(from -> random(1, 9) * MS); // 5 ± 4 ms per chunk
        byte[] sent = new byte[600_000];
        random.nextBytes(sent);
        try (Socket socket = dial(relay.port())) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(socket));
            OutputStream out = socket.getOutputStream();
            for (int at = 0; at < sent.length;) {
                int n = Math.min(sent.length - at, 1 + random.nextInt(3_000));
                out.write(sent, at, n);
                out.flush();
                at += n;
            }
            socket.shutdownOutput(); // the echo server closes its side once it reads the end
            byte[] echoed = received.get(60, TimeUnit.SECONDS);
            assertThat(echoed.length).isEqualTo(sent.length);
            assertThat(Arrays.equals(echoed, sent)).as("the echo, byte for byte").isTrue();
        }
        assertThat(relay.delayedChunks()).isPositive();
    }

    @Test
    void theDelaySwitchesOffAndOnOnALiveConnection() throws Exception {
        AtomicLong delay = new AtomicLong(30 * MS);
        DelayingRelay relay = relay(from -> delay.get());
        try (Socket socket = dial(relay.port())) {
            assertThat(minRoundTrip(socket, 3)).isGreaterThanOrEqualTo(60 * MS);
            delay.set(0);
            long held = relay.delayedChunks();
            roundTrip(socket);
            assertThat(relay.delayedChunks()).as("no chunk held back once healed").isEqualTo(held);
            delay.set(30 * MS);
            assertThat(minRoundTrip(socket, 3)).isGreaterThanOrEqualTo(60 * MS);
            assertThat(relay.openFrom()).hasSize(1);
        }
    }

    @Test
    void closingTheConnectionsEndsThemAndClosingTheRelayStopsItsThreads() throws Exception {
        DelayingRelay relay = new DelayingRelay(new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", echo.port()), InetAddress.getByName(SlowLink.RELAY_SOURCE),
                from -> 10 * MS);
        String prefix = "relay-" + relay.port() + "-";
        try (Socket socket = dial(relay.port())) {
            roundTrip(socket);
            relay.closeConnections();
            socket.setSoTimeout(5_000);
            assertThat(endsWithin(socket)).as("the dialer sees its connection end").isTrue();
            try (Socket again = dial(relay.port())) {
                roundTrip(again); // still accepting
            }
        }
        relay.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith(prefix) && t.isAlive());
        assertThat(relay.openFrom()).isEmpty();
    }

    private DelayingRelay relay(ToLongFunction<InetAddress> delay) throws IOException {
        DelayingRelay relay = new DelayingRelay(new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", echo.port()), InetAddress.getByName(SlowLink.RELAY_SOURCE), delay);
        closing.add(relay);
        return relay;
    }

    private static long random(int min, int max) {
        return min + (long) (Math.random() * (max - min + 1));
    }

    private static Socket dial(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** One byte there and back: nanoseconds. */
    static long roundTrip(Socket socket) throws IOException {
        long start = System.nanoTime();
        socket.getOutputStream().write(7);
        socket.getOutputStream().flush();
        assertThat(socket.getInputStream().read()).isEqualTo(7);
        return System.nanoTime() - start;
    }

    static long minRoundTrip(Socket socket, int times) throws IOException {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < times; i++) {
            min = Math.min(min, roundTrip(socket));
        }
        return min;
    }

    static long medianRoundTrip(Socket socket, int times) throws IOException {
        long[] all = new long[times];
        for (int i = 0; i < times; i++) {
            all[i] = roundTrip(socket);
        }
        Arrays.sort(all);
        return all[times / 2];
    }

    private static boolean endsWithin(Socket socket) {
        try {
            return socket.getInputStream().read() < 0;
        } catch (IOException reset) {
            return !(reset instanceof java.net.SocketTimeoutException);
        }
    }

    private static byte[] readAll(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Echoes every connection's bytes back until the end of its stream, then closes it; keeps who dialed. */
    static final class EchoServer implements AutoCloseable {
        final ServerSocket server;
        final List<InetAddress> peers = new CopyOnWriteArrayList<>();

        EchoServer() {
            this("127.0.0.1");
        }

        EchoServer(String host) {
            try {
                server = new ServerSocket();
                server.bind(new InetSocketAddress(host, 0));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Thread acceptor = new Thread(this::accept, "echo-" + server.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (true) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (IOException closed) {
                    return;
                }
                peers.add(socket.getInetAddress());
                Thread echo = new Thread(() -> {
                    try (socket) {
                        socket.setTcpNoDelay(true);
                        socket.getInputStream().transferTo(socket.getOutputStream());
                        socket.shutdownOutput();
                    } catch (IOException ended) {
                        // the other end went
                    }
                }, "echo-" + server.getLocalPort() + "-" + socket.getPort());
                echo.setDaemon(true);
                echo.start();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
