package dev.flinkpravega.connector.testutils;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy for fault tests: listens on a local port and forwards every connection to a target
 * {@code host:port}, with controls for network faults.
 *
 * <ul>
 *   <li>{@link #cutAll()}: every open connection is closed now, both ends, with a reset (as a
 *       middlebox that drops a connection: the peers see "connection reset", not an orderly end).
 *   <li>{@link #refuse()} / {@link #accept()} / {@link #refuseFor(Duration)}: while refusing, the
 *       open connections are cut and new ones are reset as soon as they are accepted (the listening
 *       port stays bound, so the proxy's port cannot be taken by anyone else meanwhile).
 *   <li>{@link #blackhole()}: connections stay open, new ones are accepted and connected to the
 *       target, but no byte is forwarded in either direction (a hung peer, or a network that drops
 *       everything without resets). Bytes already read are held and forwarded after {@link
 *       #restore()}, in order, so that a connection that lives through a blackhole is intact.
 *   <li>{@link #restore()}: forwards normally again (ends refusing and blackholing).
 * </ul>
 *
 * <p>Plain blocking sockets: one accepting thread, two threads per open connection (one per
 * direction) and one timer thread, all daemon threads named {@code tcp-proxy-<name>-...}. All
 * methods are thread-safe; {@link #close()} closes the listening port, every connection and every
 * thread.
 */
public final class TcpProxy implements AutoCloseable {
    /** The prefix of every thread of every proxy. */
    public static final String THREAD_PREFIX = "tcp-proxy-";

    private static final int BUFFER_BYTES = 64 * 1024;
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final String name;
    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Thread acceptor;
    private final ScheduledExecutorService timer;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

    /** Guards the wait of the forwarding threads while blackholed. */
    private final Object forwarding = new Object();

    private volatile boolean refusing;
    private volatile boolean blackholed;
    private volatile boolean closed;

    /** Increased by every change of the refusing state, so that a stale timer does nothing. */
    private final AtomicLong refuseGeneration = new AtomicLong();

    private final AtomicInteger connectionIds = new AtomicInteger();
    private final AtomicLong forwardedConnections = new AtomicLong();
    private final AtomicLong refusedConnections = new AtomicLong();
    private final AtomicLong cutConnections = new AtomicLong();
    private final AtomicLong forwardedBytes = new AtomicLong();

    /**
     * A proxy on a free port of the loopback interface to {@code targetHost:targetPort}, which need
     * not be listening yet (each connection connects to it when accepted).
     *
     * @param name names the threads and appears in {@link #toString()}
     */
    public TcpProxy(String name, String targetHost, int targetPort) throws IOException {
        this(name, 0, targetHost, targetPort);
    }

    /** As {@link #TcpProxy(String, String, int)}, listening on {@code listenPort} (0: any). */
    public TcpProxy(String name, int listenPort, String targetHost, int targetPort)
            throws IOException {
        this.name = name;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), 128);
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> daemon(r, THREAD_PREFIX + name + "-timer"));
        this.acceptor = daemon(this::acceptLoop, THREAD_PREFIX + name + "-accept");
        acceptor.start();
    }

    /** The local port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code localhost:port} of the proxy. */
    public String address() {
        return "localhost:" + port();
    }

    /** Connections forwarded and open now (accepted, connected to the target, not yet closed). */
    public int openConnections() {
        return connections.size();
    }

    /** Connections forwarded since the start (refused ones not counted). */
    public long forwardedConnections() {
        return forwardedConnections.get();
    }

    /** Connections reset at once because the proxy was refusing. */
    public long refusedConnections() {
        return refusedConnections.get();
    }

    /** Open connections closed by {@link #cutAll()} (and so by {@link #refuse()}). */
    public long cutConnections() {
        return cutConnections.get();
    }

    /** Bytes forwarded, both directions together. */
    public long forwardedBytes() {
        return forwardedBytes.get();
    }

    public boolean isRefusing() {
        return refusing;
    }

    public boolean isBlackholed() {
        return blackholed;
    }

    /** Closes every open connection now (both ends, with a reset); new ones are accepted. */
    public void cutAll() {
        for (Connection connection : connections) {
            if (connection.close()) {
                cutConnections.incrementAndGet();
            }
        }
    }

    /** Resets new connections as soon as they are accepted, and cuts the open ones. */
    public void refuse() {
        refuseGeneration.incrementAndGet();
        refusing = true;
        cutAll();
    }

    /** Accepts and forwards new connections again (ends {@link #refuse()}). */
    public void accept() {
        refuseGeneration.incrementAndGet();
        refusing = false;
    }

    /**
     * {@link #refuse()} now and {@link #accept()} after {@code duration}, unless refusing was
     * changed meanwhile (then that change stands).
     */
    public void refuseFor(Duration duration) {
        refuse();
        long generation = refuseGeneration.get();
        timer.schedule(
                () -> {
                    if (refuseGeneration.compareAndSet(generation, generation + 1)) {
                        refusing = false;
                    }
                },
                duration.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** Forwards no byte any more, in either direction, on open and new connections. */
    public void blackhole() {
        blackholed = true;
    }

    /** Forwards normally again: ends refusing and blackholing. */
    public void restore() {
        accept();
        synchronized (forwarding) {
            blackholed = false;
            forwarding.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cutAll();
        synchronized (forwarding) {
            forwarding.notifyAll();
        }
        timer.shutdownNow();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "TcpProxy "
                + name
                + " localhost:"
                + port()
                + " -> "
                + targetHost
                + ":"
                + targetPort
                + (refusing ? " (refusing)" : "")
                + (blackholed ? " (blackholed)" : "")
                + ", "
                + openConnections()
                + " open";
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (refusing || closed) {
                refusedConnections.incrementAndGet();
                reset(client);
                continue;
            }
            int id = connectionIds.incrementAndGet();
            daemon(() -> connect(id, client), THREAD_PREFIX + name + "-" + id + "-up").start();
        }
    }

    /** Connects to the target (on the connection's own thread), then forwards client to target. */
    private void connect(int id, Socket client) {
        Socket target = new Socket();
        try {
            client.setTcpNoDelay(true);
            target.setTcpNoDelay(true);
            target.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            // Target not reachable: the client sees its connection reset, as a proxy would do.
            reset(target);
            reset(client);
            return;
        }
        Connection connection = new Connection(client, target);
        connections.add(connection);
        // A cut or refusal that came while connecting must not miss this connection.
        if (refusing || closed) {
            connections.remove(connection);
            refusedConnections.incrementAndGet();
            connection.close();
            return;
        }
        forwardedConnections.incrementAndGet();
        daemon(() -> pump(connection, target, client), THREAD_PREFIX + name + "-" + id + "-down")
                .start();
        pump(connection, client, target);
    }

    /** Copies bytes from {@code from} to {@code to} until either end closes. */
    private void pump(Connection connection, Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                awaitForwarding(connection);
                if (connection.isClosed()) {
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
                forwardedBytes.addAndGet(n);
            }
        } catch (IOException e) {
            // closed or reset by either end, or cut
        } finally {
            connection.close();
        }
    }

    /** Waits while blackholed (and the connection is open). */
    private void awaitForwarding(Connection connection) {
        if (!blackholed) {
            return;
        }
        synchronized (forwarding) {
            while (blackholed && !closed && !connection.isClosed()) {
                try {
                    // Timed, so that a cut (which does not notify) is seen soon too.
                    forwarding.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Closes with a reset (SO_LINGER 0): the peer sees "connection reset", no TIME_WAIT here. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // not connected, or closed already
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread t = new Thread(runnable, name);
        t.setDaemon(true);
        return t;
    }

    /** One forwarded connection: the client's socket and the one to the target. */
    private final class Connection {
        private final Socket client;
        private final Socket target;
        private final AtomicInteger closedFlag = new AtomicInteger();

        Connection(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        boolean isClosed() {
            return closedFlag.get() != 0;
        }

        /** Closes both sockets; true for the call that closed it. */
        boolean close() {
            if (!closedFlag.compareAndSet(0, 1)) {
                return false;
            }
            connections.remove(this);
            reset(client);
            reset(target);
            return true;
        }
    }
}
