package dev.flinkpravega.connector.testutils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link TcpProxy} in front of a local echo server: each control, no Pravega. */
class TcpProxyTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private EchoServer echo;
    private TcpProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        proxy = new TcpProxy("test", "localhost", echo.port());
    }

    @AfterEach
    void stop() {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsBothWaysAndCountsOpenConnections() throws IOException {
        assertThat(proxy.openConnections()).isZero();
        try (Socket a = connect();
                Socket b = connect()) {
            assertThat(roundTrip(a, "hello")).isEqualTo("hello");
            assertThat(roundTrip(b, "world")).isEqualTo("world");
            assertThat(proxy.openConnections()).isEqualTo(2);
            // Counted after each write, so possibly only just after the client read the echo.
            long bytes = 2L * ("hello".length() + "world".length());
            Await.until(WAIT, bytes + " bytes forwarded", () -> proxy.forwardedBytes() == bytes);
        }
        Await.until(WAIT, "both connections closed", () -> proxy.openConnections() == 0);
        assertThat(proxy.forwardedConnections()).isEqualTo(2);
    }

    @Test
    void cutAllClosesEveryOpenConnectionAndAcceptsNewOnes() throws IOException {
        try (Socket a = connect();
                Socket b = connect()) {
            roundTrip(a, "x");
            roundTrip(b, "y");
            assertThat(proxy.openConnections()).isEqualTo(2);

            proxy.cutAll();

            assertThat(proxy.openConnections()).isZero();
            assertThat(proxy.cutConnections()).isEqualTo(2);
            assertClosedByPeer(a);
            assertClosedByPeer(b);
        }
        try (Socket c = connect()) {
            assertThat(roundTrip(c, "again")).isEqualTo("again");
        }
    }

    @Test
    void refuseCutsOpenConnectionsAndResetsNewOnesUntilAccept() throws IOException {
        try (Socket open = connect()) {
            roundTrip(open, "x");

            proxy.refuse();

            assertThat(proxy.isRefusing()).isTrue();
            assertClosedByPeer(open);
        }
        assertRefused();
        assertThat(proxy.refusedConnections()).isEqualTo(1);
        assertThat(proxy.openConnections()).isZero();
        assertThat(echo.accepted()).as("refused connections never reach the target").isEqualTo(1);

        proxy.accept();

        try (Socket accepted = connect()) {
            assertThat(roundTrip(accepted, "back")).isEqualTo("back");
        }
    }

    @Test
    void refuseForAcceptsAgainAfterTheDuration() throws IOException {
        proxy.refuseFor(Duration.ofMillis(500));
        long start = System.nanoTime();
        assertRefused();
        Await.until(WAIT, "the proxy to accept again", () -> !proxy.isRefusing());
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(Duration.ofMillis(400));
        try (Socket accepted = connect()) {
            assertThat(roundTrip(accepted, "later")).isEqualTo("later");
        }
    }

    @Test
    void aLaterAcceptOrRefuseWinsOverTheTimerOfRefuseFor() throws Exception {
        proxy.refuseFor(Duration.ofMillis(200));
        proxy.refuse();
        Thread.sleep(600);
        assertThat(proxy.isRefusing()).as("refuse() after refuseFor stands").isTrue();
        proxy.accept();
        assertThat(proxy.isRefusing()).isFalse();
    }

    @Test
    void blackholeForwardsNothingUntilRestoreThenDeliversTheHeldBytes() throws IOException {
        try (Socket before = connect()) {
            roundTrip(before, "x");

            proxy.blackhole();

            write(before, "held");
            before.setSoTimeout(500);
            assertThatThrownBy(() -> before.getInputStream().read())
                    .isInstanceOf(SocketTimeoutException.class);
            // A new connection is accepted (and open) but hangs too.
            try (Socket during = connect()) {
                write(during, "new");
                during.setSoTimeout(500);
                assertThatThrownBy(() -> during.getInputStream().read())
                        .isInstanceOf(SocketTimeoutException.class);
                Await.until(WAIT, "two open connections", () -> proxy.openConnections() == 2);

                proxy.restore();

                during.setSoTimeout(5_000);
                assertThat(read(during, 3)).isEqualTo("new");
            }
            before.setSoTimeout(5_000);
            assertThat(read(before, 4)).isEqualTo("held");
            assertThat(roundTrip(before, "after")).isEqualTo("after");
        }
    }

    @Test
    void cutAllEndsBlackholedConnections() throws IOException {
        try (Socket open = connect()) {
            roundTrip(open, "x");
            proxy.blackhole();
            write(open, "stuck");

            proxy.cutAll();

            assertClosedByPeer(open);
        }
        Await.until(WAIT, "no open connection", () -> proxy.openConnections() == 0);
    }

    @Test
    void aConnectionToAnUnreachableTargetIsReset() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (TcpProxy nowhere = new TcpProxy("nowhere", "localhost", closedPort);
                Socket client = new Socket()) {
            client.connect(new InetSocketAddress("localhost", nowhere.port()), 5_000);
            assertClosedByPeer(client);
            assertThat(nowhere.openConnections()).isZero();
        }
    }

    @Test
    void closeFreesThePortTheConnectionsAndTheThreads() throws Exception {
        Socket open = connect();
        roundTrip(open, "x");
        int port = proxy.port();
        // accepting, and one per direction of the connection (the timer starts at its first use)
        assertThat(proxyThreads()).isGreaterThanOrEqualTo(3);

        proxy.close();

        assertClosedByPeer(open);
        open.close();
        assertThat(proxy.openConnections()).isZero();
        Await.until(WAIT, "no proxy thread left", () -> proxyThreads() == 0);
        assertThatThrownBy(() -> new Socket("localhost", port).close())
                .isInstanceOf(IOException.class);
    }

    // ------------------------------------------------------------------ helpers

    private static long proxyThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(TcpProxy.THREAD_PREFIX + "test-"))
                .count();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("localhost", proxy.port()), 5_000);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        write(socket, text);
        return read(socket, text.length());
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String read(Socket socket, int bytes) throws IOException {
        byte[] buffer = socket.getInputStream().readNBytes(bytes);
        assertThat(buffer).hasSize(bytes);
        return new String(buffer, StandardCharsets.UTF_8);
    }

    /** A new connection is reset: while connecting already, or at its first read. */
    private void assertRefused() throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("localhost", proxy.port()), 5_000);
        } catch (IOException reset) {
            assertThat(reset).hasMessageContaining("reset");
            socket.close();
            return;
        }
        try (socket) {
            assertClosedByPeer(socket);
        }
    }

    /** The proxy closed the connection: a read ends (EOF) or fails (reset), it does not hang. */
    private static void assertClosedByPeer(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        try {
            InputStream in = socket.getInputStream();
            int read = in.read();
            assertThat(read).as("end of stream").isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection was not closed", e);
        } catch (IOException reset) {
            assertThat(reset).hasMessageContaining("reset");
        }
    }

    /** Echoes every byte back, a thread per connection; counts accepted connections. */
    private static final class EchoServer implements AutoCloseable {
        private final ServerSocket server;
        private final java.util.concurrent.atomic.AtomicInteger accepted =
                new java.util.concurrent.atomic.AtomicInteger();

        EchoServer() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::run, "echo-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        private void run() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    accepted.incrementAndGet();
                    Thread t = new Thread(() -> echo(s), "echo-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void echo(Socket s) {
            try (s) {
                byte[] buffer = new byte[1024];
                int n;
                while ((n = s.getInputStream().read(buffer)) >= 0) {
                    s.getOutputStream().write(Arrays.copyOf(buffer, n));
                }
            } catch (IOException ignored) {
                // closed
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
