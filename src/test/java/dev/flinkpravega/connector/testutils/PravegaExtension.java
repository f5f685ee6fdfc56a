package dev.flinkpravega.connector.testutils;

import io.pravega.client.ClientConfig;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.local.InProcPravegaCluster;
import io.pravega.shared.security.auth.DefaultCredentials;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one in-process Pravega (ZooKeeper, controller, segment store, in-memory storage) for a
 * test class and gives every test a fresh scope.
 *
 * <p>Use it as {@code @RegisterExtension static final PravegaExtension PRAVEGA = new
 * PravegaExtension();}. Ports are chosen free; the cluster is stopped after the class. {@link
 * #withFastAutoScaling()} gives a cluster whose segment store auto-scales without its usual
 * cool-down.
 */
public final class PravegaExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private static final AtomicInteger SCOPE_COUNTER = new AtomicInteger();

    /**
     * Held while a cluster starts: its segment store copies the JVM's system properties into its
     * configuration then, so one instance's extra properties must not reach another's start.
     */
    private static final Object START_LOCK = new Object();

    /** Segment store configuration ({@code ServiceBuilderConfig} keys) beyond the defaults. */
    private final Map<String, String> segmentStoreProperties;

    /** The certificate's subject alternative names of a {@link #secured()} cluster, else null. */
    private String[] securityNames;

    /** TLS material and identities of a {@link #secured()} cluster, made at its start. */
    private TestSecurity security;

    private InProcPravegaCluster cluster;
    private URI controllerUri;
    private StreamManager streamManager;
    private String scope;

    /** The default cluster (Pravega's auto-scaler defaults: 10 min cool-down and mute). */
    public PravegaExtension() {
        this(Map.of());
    }

    private PravegaExtension(Map<String, String> segmentStoreProperties) {
        this.segmentStoreProperties = Map.copyOf(segmentStoreProperties);
    }

    /**
     * A cluster whose segment store's auto-scaler has no cool-down and no mute time ({@code
     * autoScale.cooldown.time.seconds} and {@code autoScale.mute.time.seconds}, default 600 s
     * each), so a hot segment of a stream with a by-rate scaling policy is split as soon as
     * Pravega's fixed rules allow: the segment store reports a segment's rates only every two
     * minutes and asks for a scale-up only once the segment is older than two minutes ({@code
     * SegmentStatsRecorderImpl}, {@code AutoScaleProcessor.report} in 0.13.0, not configurable).
     * The first split of a new stream under enough load therefore comes a little over two minutes
     * after the stream was created.
     */
    public static PravegaExtension withFastAutoScaling() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("autoScale.cooldown.time.seconds", "0");
        properties.put("autoScale.mute.time.seconds", "0");
        return new PravegaExtension(properties);
    }

    /**
     * A cluster with TLS on the controller and the segment store and with password authentication:
     * {@link TestSecurity#USERNAME} / {@link TestSecurity#PASSWORD}, and the custom method of
     * {@link TestTokenAuthHandler}. The certificate names {@code localhost} only; the segment store
     * advertises itself as {@code localhost} (by default it advertises the machine's host name,
     * which a certificate would then have to name).
     */
    public static PravegaExtension secured() {
        return secured("localhost", "dns:localhost");
    }

    /**
     * A secured cluster whose segment store advertises {@code segmentStoreHost} and whose
     * certificate has the given subject alternative names ({@code dns:...}, {@code ip:...}).
     */
    public static PravegaExtension secured(
            String segmentStoreHost, String... subjectAlternativeNames) {
        PravegaExtension extension =
                new PravegaExtension(
                        Map.of("pravegaservice.service.published.host.nameOrIp", segmentStoreHost));
        extension.securityNames = subjectAlternativeNames.clone();
        return extension;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        restoreProxies();
        scope = newScope();
    }

    /** Starts the cluster and waits until its controller answers; used by the launchers too. */
    public void start() throws Exception {
        int zkPort = freePort();
        int controllerPort = freePort();
        int segmentStorePort = freePort();
        int restPort = freePort();
        if (securityNames != null) {
            security = TestSecurity.create(securityNames);
        }
        boolean secure = security != null;
        InProcPravegaCluster.InProcPravegaClusterBuilder builder =
                InProcPravegaCluster.builder()
                        .isInProcZK(true)
                        .secureZK(false)
                        .zkUrl("localhost:" + zkPort)
                        .zkPort(zkPort)
                        .isInMemStorage(true)
                        .isInProcController(true)
                        .controllerCount(1)
                        .isInProcSegmentStore(true)
                        .segmentStoreCount(1)
                        .containerCount(4)
                        .restServerPort(restPort)
                        .enableRestServer(false)
                        .enableAuth(secure)
                        .enableTls(secure)
                        .tlsProtocolVersion(new String[] {"TLSv1.2", "TLSv1.3"})
                        .enableTlsReload(false)
                        .enableMetrics(false)
                        .enableInfluxDB(false)
                        .enablePrometheus(false)
                        .metricsReportInterval(0)
                        .enableAdminGateway(false)
                        .adminGatewayPort(freePort())
                        .replyWithStackTraceOnError(false);
        if (secure) {
            TestCertificates certificates = security.certificates();
            builder.certFile(certificates.serverCertificate().toString())
                    .keyFile(certificates.serverKey().toString())
                    .jksKeyFile(certificates.serverKeyStore().toString())
                    .jksTrustFile(certificates.serverKeyStore().toString())
                    .keyPasswordFile(certificates.storePasswordFile().toString())
                    .passwdFile(security.passwordFile().toString());
        }
        cluster = builder.build();
        cluster.setControllerPorts(new int[] {controllerPort});
        cluster.setSegmentStorePorts(new int[] {segmentStorePort});
        startProxies(controllerPort, segmentStorePort);
        startWithSegmentStoreProperties();
        controllerUri = URI.create((secure ? "tls" : "tcp") + "://localhost:" + controllerPort);
        controllerUri = throughControllerProxy(controllerUri);
        streamManager = StreamManager.create(clientConfig());
        awaitReady(Duration.ofSeconds(60));
    }

    /**
     * InProcPravegaCluster has no builder option for the segment store's auto-scaler: it builds the
     * segment store's {@code ServiceBuilderConfig} from its own settings and then copies {@code
     * System.getProperties()} over them, once, in {@code start()}. So the extra properties are
     * system properties for exactly that call, and put back as they were afterwards.
     */
    private void startWithSegmentStoreProperties() throws Exception {
        synchronized (START_LOCK) {
            Map<String, String> previous = new LinkedHashMap<>();
            withProxyProperties(segmentStoreProperties)
                    .forEach((key, value) -> previous.put(key, System.setProperty(key, value)));
            try {
                cluster.start();
            } finally {
                previous.forEach(
                        (key, value) -> {
                            if (value == null) {
                                System.clearProperty(key);
                            } else {
                                System.setProperty(key, value);
                            }
                        });
            }
        }
    }

    private void awaitReady(Duration timeout) {
        // A scope and stream create round-trips through controller, ZooKeeper and segment store.
        Await.until(
                timeout,
                "the in-process Pravega to accept a stream",
                () ->
                        streamManager.createScope("readiness")
                                | streamManager.createStream(
                                        "readiness",
                                        "probe",
                                        StreamConfiguration.builder()
                                                .scalingPolicy(ScalingPolicy.fixed(1))
                                                .build())
                                | streamManager.checkStreamExists("readiness", "probe"));
    }

    /**
     * Stops the cluster, giving up after 20 s: Pravega 0.13's controller can deadlock in its own
     * shutdown (an internal writer's close), which must not hang the test run.
     */
    public void stop() throws Exception {
        if (streamManager != null) {
            streamManager.close();
        }
        if (cluster != null) {
            InProcPravegaCluster stopping = cluster;
            cluster = null;
            Thread closer =
                    new Thread(
                            () -> {
                                try {
                                    stopping.close();
                                } catch (Exception e) {
                                    // shutdown noise of the in-process cluster
                                }
                            },
                            "pravega-cluster-close");
            closer.setDaemon(true);
            closer.start();
            closer.join(Duration.ofSeconds(20).toMillis());
        }
        closeProxies();
    }

    public URI controllerUri() {
        return controllerUri;
    }

    public ClientConfig clientConfig() {
        ClientConfig.ClientConfigBuilder builder =
                ClientConfig.builder().controllerURI(controllerUri);
        if (security != null) {
            builder.trustStore(security.trustStore())
                    .credentials(
                            new DefaultCredentials(TestSecurity.PASSWORD, TestSecurity.USERNAME));
        }
        return builder.build();
    }

    /** The TLS material and identities of a {@link #secured()} cluster. */
    public TestSecurity security() {
        if (security == null) {
            throw new IllegalStateException("not a secured cluster");
        }
        return security;
    }

    public StreamManager streamManager() {
        return streamManager;
    }

    /** The fresh scope of the current test (created already). */
    public String scope() {
        return scope;
    }

    /** Creates and returns another new scope. */
    public String newScope() {
        String name = "test-" + SCOPE_COUNTER.incrementAndGet();
        streamManager.createScope(name);
        return name;
    }

    /** Creates a stream with a fixed number of segments in the given scope. */
    public void createStream(String scope, String stream, int segments) {
        streamManager.createStream(
                scope,
                stream,
                StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(segments)).build());
    }

    // ---------------------------------------------------------------- behind proxies

    /** Whether clients reach this cluster only through {@link TcpProxy proxies}. */
    private boolean behindProxy;

    /** In front of the controller, and of the segment store; null unless {@link #behindProxy}. */
    private TcpProxy controllerProxy;

    private TcpProxy segmentStoreProxy;

    /**
     * A cluster that clients reach only through two {@link TcpProxy proxies}, for network fault
     * tests: {@link #controllerUri()} is the {@link #controllerProxy()}'s, and the segment store
     * advertises the {@link #segmentStoreProxy()}'s port ({@code
     * pravegaservice.service.published.port}, host {@code localhost}), so every client's segment
     * connections go through it. The controller reaches the segment store by that published address
     * too, so faults of the segment store proxy hit the controller's connections to it as well; the
     * segment store reaches the controller directly. Every test starts with both proxies forwarding
     * ({@link TcpProxy#restore()}).
     */
    public static PravegaExtension behindProxy() {
        PravegaExtension extension = new PravegaExtension();
        extension.behindProxy = true;
        return extension;
    }

    /** The proxy in front of the controller of a {@link #behindProxy()} cluster. */
    public TcpProxy controllerProxy() {
        if (controllerProxy == null) {
            throw new IllegalStateException("not a cluster behind proxies, or not started");
        }
        return controllerProxy;
    }

    /** The proxy in front of the segment store of a {@link #behindProxy()} cluster. */
    public TcpProxy segmentStoreProxy() {
        if (segmentStoreProxy == null) {
            throw new IllegalStateException("not a cluster behind proxies, or not started");
        }
        return segmentStoreProxy;
    }

    private void startProxies(int controllerPort, int segmentStorePort) throws IOException {
        if (behindProxy) {
            controllerProxy = new TcpProxy("controller", freePort(), "localhost", controllerPort);
            segmentStoreProxy =
                    new TcpProxy("segment-store", freePort(), "localhost", segmentStorePort);
        }
    }

    /** The segment store's properties, plus the published address of its proxy if it has one. */
    private Map<String, String> withProxyProperties(Map<String, String> properties) {
        if (segmentStoreProxy == null) {
            return properties;
        }
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.put("pravegaservice.service.published.host.nameOrIp", "localhost");
        all.put("pravegaservice.service.published.port", String.valueOf(segmentStoreProxy.port()));
        return all;
    }

    private URI throughControllerProxy(URI direct) {
        return controllerProxy == null
                ? direct
                : URI.create(direct.getScheme() + "://localhost:" + controllerProxy.port());
    }

    private void restoreProxies() {
        if (controllerProxy != null) {
            controllerProxy.restore();
            segmentStoreProxy.restore();
        }
    }

    private void closeProxies() {
        if (controllerProxy != null) {
            controllerProxy.close();
            segmentStoreProxy.close();
        }
    }

    /** Test JVMs that run side by side take ports from disjoint ranges of this size. */
    private static final int PORTS_PER_FORK = 4000;

    private static final AtomicInteger NEXT_PORT = new AtomicInteger(firstPort());

    /**
     * A port that is free now, from a range of its own for each parallel test JVM (failsafe's fork
     * number) below the kernel's ephemeral ports: two JVMs starting a Pravega at the same moment
     * cannot pick the same port, as they could with port 0. Starts at a random place in the range,
     * so that the next JVM of the same fork does not reuse the ports the last one just closed.
     */
    private static int freePort() throws IOException {
        int first = rangeStart();
        for (int attempt = 0; attempt < PORTS_PER_FORK; attempt++) {
            int port = first + Math.floorMod(NEXT_PORT.getAndIncrement() - first, PORTS_PER_FORK);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new java.net.InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // in use, or closed so recently that the kernel still holds it: try the next one
            }
        }
        throw new IOException("no free port in " + first + ".." + (first + PORTS_PER_FORK - 1));
    }

    private static int rangeStart() {
        int fork = Integer.getInteger("test.fork.number", 1);
        return 12000 + Math.floorMod(fork - 1, 5) * PORTS_PER_FORK;
    }

    private static int firstPort() {
        return rangeStart()
                + java.util.concurrent.ThreadLocalRandom.current().nextInt(PORTS_PER_FORK);
    }
}
