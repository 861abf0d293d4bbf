package vn.pulse.tools.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small TCP proxy on the loopback interface for the crash harness's network faults: it forwards
 * every connection to one target and can, per direction, delay the bytes or hold them back (a cut:
 * nothing passes, as when a link is down and TCP keeps retransmitting; the bytes pass once the cut
 * heals, if neither end gave up meanwhile), and it can reset every open connection.
 *
 * <p>{@link Direction#UPSTREAM} is client to target (a service's requests to the broker),
 * {@link Direction#DOWNSTREAM} target to client (the broker's answers). Plain blocking
 * {@code java.nio} channels with two threads per direction and connection: a reader that stamps each
 * chunk with the time it may leave, and a writer that waits for it; the order of bytes is kept.
 */
public final class TcpProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpProxy.class);
    private static final int CHUNK = 64 * 1024;
    private static final Duration POLL = Duration.ofMillis(5);

    /** Which way bytes travel. */
    public enum Direction { UPSTREAM, DOWNSTREAM }

    private final String name;
    private final InetSocketAddress target;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong[] delayNanos = {new AtomicLong(), new AtomicLong()};
    private final boolean[] cut = new boolean[2];
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private volatile boolean closed;

    private TcpProxy(String name, ServerSocketChannel server, InetSocketAddress target) {
        this.name = name;
        this.server = server;
        this.target = target;
        this.acceptor = new Thread(this::accept, "tcp-proxy-" + name + "-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Starts a proxy listening on {@code host:port} (0: any free port) that forwards to
     * {@code targetHost:targetPort}. Both must be loopback addresses: the harness never proxies
     * beyond this machine.
     */
    public static TcpProxy start(String name, String host, int port, String targetHost, int targetPort) {
        InetSocketAddress listen = new InetSocketAddress(host, port);
        InetSocketAddress target = new InetSocketAddress(targetHost, targetPort);
        requireLoopback(listen.getAddress(), "listen address " + host);
        requireLoopback(target.getAddress(), "target " + targetHost);
        try {
            ServerSocketChannel server = ServerSocketChannel.open();
            server.bind(listen);
            TcpProxy proxy = new TcpProxy(name, server, target);
            proxy.acceptor.start();
            LOG.info("TCP proxy {} on {} to {}", name, server.getLocalAddress(), target);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + listen + " for the proxy " + name, e);
        }
    }

    private static void requireLoopback(InetAddress address, String what) {
        if (address == null || !address.isLoopbackAddress()) {
            throw new IllegalArgumentException(what + " is not a loopback address: the proxy only runs on this machine");
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.socket().getLocalPort();
    }

    public String name() {
        return name;
    }

    /** From now on, each chunk read in {@code direction} leaves {@code delay} later (zero: at once). */
    public void delay(Direction direction, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        delayNanos[direction.ordinal()].set(delay.toNanos());
        LOG.info("TCP proxy {}: {} delay {} ms", name, direction, delay.toMillis());
    }

    /** Holds back every byte in {@code direction} (cut) or lets them pass again (heal). */
    public void cut(Direction direction, boolean on) {
        synchronized (cut) {
            cut[direction.ordinal()] = on;
        }
        LOG.info("TCP proxy {}: {} {}", name, direction, on ? "cut" : "healed");
    }

    /** Heals every cut and removes every delay. */
    public void heal() {
        for (Direction d : Direction.values()) {
            cut(d, false);
            delay(d, Duration.ZERO);
        }
    }

    /** Closes every open connection at once (both ends see the connection drop); new ones are accepted as before. */
    public int resetConnections() {
        int n = 0;
        for (Link link : links) {
            link.close();
            n++;
        }
        resets.addAndGet(n);
        LOG.info("TCP proxy {}: reset {} connections", name, n);
        return n;
    }

    /** Connections accepted so far. */
    public long connections() {
        return connections.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return links.size();
    }

    private boolean isCut(int direction) {
        synchronized (cut) {
            return cut[direction];
        }
    }

    private void accept() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("TCP proxy {} stopped accepting: {}", name, e.toString());
                }
                return;
            }
            try {
                SocketChannel upstream = SocketChannel.open(target);
                connections.incrementAndGet();
                Link link = new Link(client, upstream);
                links.add(link);
                link.start();
            } catch (IOException e) {
                // The target is down: so is the connection through the proxy.
                closeQuietly(client);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        links.forEach(Link::close);
        acceptor.interrupt();
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** A chunk of bytes and the time it may be written. */
    private record Chunk(ByteBuffer bytes, long dueNanos) {
        static final Chunk END = new Chunk(ByteBuffer.allocate(0), 0);
    }

    /** One proxied connection: client and upstream channel, a reader and a writer each way. */
    private final class Link {
        private final SocketChannel client;
        private final SocketChannel upstream;
        private final Thread[] threads = new Thread[4];
        private volatile boolean done;

        Link(SocketChannel client, SocketChannel upstream) {
            this.client = client;
            this.upstream = upstream;
            BlockingQueue<Chunk> up = new LinkedBlockingQueue<>();
            BlockingQueue<Chunk> down = new LinkedBlockingQueue<>();
            long id = connections.get();
            threads[0] = thread("up-read-" + id, () -> read(client, up, Direction.UPSTREAM));
            threads[1] = thread("up-write-" + id, () -> write(up, upstream, Direction.UPSTREAM));
            threads[2] = thread("down-read-" + id, () -> read(upstream, down, Direction.DOWNSTREAM));
            threads[3] = thread("down-write-" + id, () -> write(down, client, Direction.DOWNSTREAM));
        }

        private Thread thread(String what, Runnable body) {
            Thread t = new Thread(body, "tcp-proxy-" + name + "-" + what);
            t.setDaemon(true);
            return t;
        }

        void start() {
            for (Thread t : threads) {
                t.start();
            }
        }

        private void read(SocketChannel from, BlockingQueue<Chunk> queue, Direction direction) {
            int d = direction.ordinal();
            try {
                while (!done) {
                    // While cut, nothing is read: the sender's buffers fill as on a dead link.
                    while (isCut(d) && !done) {
                        ServiceProcess.sleep(POLL);
                    }
                    ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
                    if (from.read(buffer) < 0) {
                        break;
                    }
                    buffer.flip();
                    queue.put(new Chunk(buffer, System.nanoTime() + delayNanos[d].get()));
                }
            } catch (IOException | InterruptedException e) {
                // the connection closed, or was reset
            }
            queue.offer(Chunk.END);
        }

        private void write(BlockingQueue<Chunk> queue, SocketChannel to, Direction direction) {
            int d = direction.ordinal();
            try {
                while (true) {
                    Chunk chunk = queue.take();
                    if (chunk == Chunk.END) {
                        break;
                    }
                    long wait;
                    while ((wait = chunk.dueNanos() - System.nanoTime()) > 0 || isCut(d)) {
                        if (done) {
                            return;
                        }
                        ServiceProcess.sleep(Duration.ofNanos(Math.max(wait > 0 ? Math.min(wait, POLL.toNanos()) : POLL.toNanos(), 1)));
                    }
                    while (chunk.bytes().hasRemaining()) {
                        to.write(chunk.bytes());
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the connection closed, or was reset
            } finally {
                close();
            }
        }

        void close() {
            if (done) {
                return;
            }
            done = true;
            links.remove(this);
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }
}
