package dynamo.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * A TCP relay that holds back what it forwards: it listens on one address, dials one upstream
 * address for each connection it accepts, and passes each chunk it reads from either side to the
 * other once the chunk's delay has passed. The delay is asked for chunk by chunk (so it can be
 * switched on and off on live connections, and jitter is sampled per chunk), given the address of
 * the side that dialed the relay. Jitter never reorders: a chunk leaves at the later of its own due
 * time and the previous chunk's, so each direction of a connection keeps its byte order.
 *
 * <p>Each direction of a connection has a reader thread and a writer thread with a bounded queue of
 * chunks between them: a full queue stops the reader, so a slow receiver slows the sender as TCP
 * would. An end of stream is forwarded (after the same delay) as a half-close; a reset or error on
 * either side closes both sockets. The upstream sockets are bound to {@code upstreamSource}, so that
 * a redirecting rule can leave the relay's own connections alone.
 *
 * <p>What it does not model: it delays chunks as the relay reads them, not packets. Each leg is a
 * TCP connection of its own whose acknowledgements come at once, so the endpoints' TCP sees a fast
 * link (its round-trip estimate, retransmission timers and congestion window are not affected); the
 * connect itself is not delayed (the relay accepts at once and dials upstream); nothing is lost or
 * reordered; and the upstream end sees the relay's address as its peer.
 */
public final class DelayingRelay implements AutoCloseable {
    private static final int CHUNK_BYTES = 16 * 1024;
    /** Chunks in flight per direction before the reader stops reading (backpressure). */
    private static final int QUEUE_CHUNKS = 256;

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final InetAddress upstreamSource;
    private final ToLongFunction<InetAddress> delayNanos;
    private final Thread acceptor;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong chunks = new AtomicLong();
    private final AtomicLong delayedChunks = new AtomicLong();
    private final AtomicLong delayedNanos = new AtomicLong();
    private volatile boolean closed;

    /**
     * Listens on {@code listen} (port 0: any free port, see {@link #port()}) and relays to
     * {@code upstream}, dialing it from {@code upstreamSource}; {@code delayNanos} says, for a chunk
     * of a connection dialed from the given address, how long it waits (0: none), either way.
     */
    public DelayingRelay(InetSocketAddress listen, InetSocketAddress upstream, InetAddress upstreamSource,
            ToLongFunction<InetAddress> delayNanos) throws IOException {
        this.upstream = upstream;
        this.upstreamSource = upstreamSource;
        this.delayNanos = delayNanos;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(listen);
        this.acceptor = new Thread(this::accept, "relay-" + port() + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted since the start. */
    public long accepted() {
        return accepted.get();
    }

    /** The addresses that dialed the connections relayed now. */
    public List<InetAddress> openFrom() {
        return open.stream().map(connection -> connection.from).toList();
    }

    /** Chunks forwarded since the start, either way. */
    public long chunks() {
        return chunks.get();
    }

    /** Chunks that were held back (their delay above 0). */
    public long delayedChunks() {
        return delayedChunks.get();
    }

    /** The delays of {@link #delayedChunks} added up (what was asked for, before any wait for the chunk ahead). */
    public long delayedNanos() {
        return delayedNanos.get();
    }

    /** Closes every connection relayed now; the relay still accepts new ones. */
    public void closeConnections() {
        open.forEach(Connection::close);
    }

    /** Stops accepting, closes every connection and waits (briefly) for the relay's threads to end. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        List<Connection> closing = List.copyOf(open);
        closeConnections();
        join(acceptor);
        closing.forEach(Connection::join);
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("[relay " + port() + "] accept failed, stopping: " + e);
                }
                return;
            }
            accepted.incrementAndGet();
            Socket out = new Socket();
            try {
                client.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                out.bind(new InetSocketAddress(upstreamSource, 0));
                out.connect(upstream, 2_000);
            } catch (IOException e) {
                quietly(client); // the upstream is not there: the dialer sees its connection closed
                quietly(out);
                continue;
            }
            Connection connection = new Connection(client, out);
            open.add(connection);
            connection.start();
            if (closed) {
                connection.close();
            }
        }
    }

    /** One relayed connection: the dialer's socket, the upstream one, a pump each way. */
    private final class Connection {
        final InetAddress from;
        final Socket client;
        final Socket upstreamSocket;
        final List<Thread> threads;
        /** Directions whose end of stream has been forwarded; at 2 the connection is done. */
        final AtomicLong ended = new AtomicLong();

        Connection(Socket client, Socket upstreamSocket) {
            this.from = client.getInetAddress();
            this.client = client;
            this.upstreamSocket = upstreamSocket;
            String name = "relay-" + port() + "-" + client.getPort();
            Direction up = new Direction(client, upstreamSocket);
            Direction down = new Direction(upstreamSocket, client);
            this.threads = List.of(thread(name + "-up-read", up::read), thread(name + "-up-write", up::write),
                    thread(name + "-down-read", down::read), thread(name + "-down-write", down::write));
        }

        void start() {
            threads.forEach(Thread::start);
        }

        /** Abortive: both sockets closed, the pumps stop (a blocked reader by its socket, a writer by interrupt). */
        void close() {
            if (open.remove(this)) {
                quietly(client);
                quietly(upstreamSocket);
                threads.forEach(Thread::interrupt);
            }
        }

        void join() {
            threads.forEach(DelayingRelay::join);
        }

        private Thread thread(String name, Runnable body) {
            Thread thread = new Thread(body, name);
            thread.setDaemon(true);
            return thread;
        }

        /** One direction: what {@code source} sends goes to {@code target}, each chunk at its due time. */
        private final class Direction {
            final Socket source;
            final Socket target;
            final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
            /** The due time (nanoTime) of the chunk read last: no later chunk leaves before it. */
            long lastDue;

            Direction(Socket source, Socket target) {
                this.source = source;
                this.target = target;
            }

            void read() {
                try {
                    InputStream in = source.getInputStream(); // not closed here: that would close the socket
                    byte[] buffer = new byte[CHUNK_BYTES];
                    int n;
                    do {
                        n = in.read(buffer);
                        long delay = Math.max(0, delayNanos.applyAsLong(from));
                        if (delay > 0) {
                            delayedChunks.incrementAndGet();
                            delayedNanos.addAndGet(delay);
                        }
                        lastDue = Math.max(lastDue, System.nanoTime() + delay);
                        queue.put(new Chunk(n < 0 ? null : Arrays.copyOf(buffer, n), lastDue));
                    } while (n >= 0);
                } catch (IOException | InterruptedException e) {
                    close(); // a reset, or the relay closes: both ends go
                }
            }

            void write() {
                try {
                    OutputStream out = target.getOutputStream();
                    while (true) {
                        Chunk chunk = queue.take();
                        long wait = chunk.dueNanos - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        if (chunk.bytes == null) {
                            target.shutdownOutput(); // the end of stream, forwarded as a half-close
                            if (ended.incrementAndGet() == 2) {
                                close(); // both ways ended: nothing left to relay
                            }
                            return;
                        }
                        out.write(chunk.bytes);
                        out.flush();
                        chunks.incrementAndGet();
                    }
                } catch (IOException | InterruptedException e) {
                    close();
                }
            }
        }
    }

    /** Bytes read from one side (null: its end of stream) and when they may leave (nanoTime). */
    private record Chunk(byte[] bytes, long dueNanos) {
    }

    private static void join(Thread thread) {
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void quietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
