package dev.flinkpravega.connector.config;

import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.admin.StreamInfo;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.control.impl.Controller;
import io.pravega.client.control.impl.ControllerImpl;
import io.pravega.client.control.impl.ControllerImplConfig;
import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.client.stream.StreamCut;
import io.pravega.client.stream.Transaction;
import io.pravega.shared.protocol.netty.PravegaNodeUri;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.annotation.Nullable;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Controller calls with a bound on their time. The Pravega client retries an unreachable controller
 * for minutes; every administrative call of the connector goes through here so that it fails within
 * {@link PravegaConfig#controllerTimeout()} with a message naming the URI.
 */
public final class PravegaAdmin implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PravegaAdmin.class);

    private final PravegaConfig config;
    private final ExecutorService caller;
    private StreamManager streamManager;
    private ScheduledExecutorService controllerExecutor;
    private Controller controller;

    public PravegaAdmin(PravegaConfig config) {
        this.config = config;
        this.caller =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "pravega-admin-" + config.controllerUri());
                            t.setDaemon(true);
                            return t;
                        });
    }

    /** Runs {@code call} with the controller timeout; {@code what} names it in errors. */
    public <T> T call(String what, Callable<T> call) {
        return call(what, call, config.controllerTimeout());
    }

    /** Runs {@code call} with at most {@code bound} (and at most the controller timeout). */
    public <T> T call(String what, Callable<T> call, java.time.Duration bound) {
        Future<T> future = caller.submit(call);
        long timeoutMs = Math.min(bound.toMillis(), config.controllerTimeout().toMillis());
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            // A TLS handshake that fails is retried by Pravega's client until the bound: say why.
            Optional<SSLException> handshake = TlsProbe.handshakeFailure(config);
            if (handshake.isPresent()) {
                throw SecurityFailures.tlsFailure(config, what, handshake.get(), e);
            }
            throw new PravegaConnectionException(
                    "The Pravega controller at "
                            + config.controllerUri()
                            + " did not answer within "
                            + timeoutMs
                            + " ms while "
                            + what
                            + ". Check 'controller-uri' and that the controller is reachable"
                            + " (the bound is 'controller.timeout').",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PravegaConnectionException("interrupted while " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            PravegaConnectionException security = SecurityFailures.explain(config, what, cause);
            if (security != null) {
                throw security;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new PravegaConnectionException(
                    "Pravega at " + config.controllerUri() + " failed while " + what, cause);
        }
    }

    /** The stream manager, created lazily (its creation already talks to the controller). */
    public StreamManager streamManager() {
        if (streamManager == null) {
            streamManager = call("connecting", () -> StreamManager.create(config.clientConfig()));
        }
        return streamManager;
    }

    public ReaderGroupManager readerGroupManager(String scope) {
        return call(
                "connecting for reader groups of scope '" + scope + "'",
                () -> ReaderGroupManager.withScope(scope, config.clientConfig()));
    }

    /**
     * Makes sure the stream exists: creates scope and stream when {@code createIfMissing}, else
     * fails with a message that names it.
     *
     * @param requested the policy asked for, or null when none was: a created stream gets it (or
     *     {@link StreamPolicy#DEFAULT}); an existing stream is never changed, but when it was
     *     created with another policy than the one asked for, a warning says so
     */
    public void ensureStream(
            StreamRef stream, boolean createIfMissing, @Nullable StreamPolicy requested) {
        StreamManager manager = streamManager();
        boolean exists =
                call(
                        "checking stream '" + stream + "'",
                        () -> manager.checkStreamExists(stream.scope(), stream.stream()));
        if (exists) {
            warnIfOtherPolicy(stream, requested);
            checkSegmentStoreTls(stream);
            return;
        }
        if (!createIfMissing) {
            boolean scopeExists =
                    call(
                            "checking scope '" + stream.scope() + "'",
                            () -> manager.checkScopeExists(stream.scope()));
            String missing =
                    scopeExists
                            ? "Stream '" + stream + "' does not exist"
                            : "Scope '"
                                    + stream.scope()
                                    + "' of stream '"
                                    + stream
                                    + "' does not exist";
            throw new MissingStreamException(
                    missing
                            + " at "
                            + config.controllerUri()
                            + ". Create it, or set 'stream.create-if-missing' = 'true'.");
        }
        StreamPolicy policy = requested == null ? StreamPolicy.DEFAULT : requested;
        call("creating scope '" + stream.scope() + "'", () -> manager.createScope(stream.scope()));
        boolean created =
                call(
                        "creating stream '" + stream + "'",
                        () ->
                                manager.createStream(
                                        stream.scope(),
                                        stream.stream(),
                                        policy.toStreamConfiguration()));
        if (created) {
            LOG.info("Created stream '{}' with {}", stream, policy);
        } else {
            // Created by someone else meanwhile, with their policy.
            warnIfOtherPolicy(stream, requested);
        }
        checkSegmentStoreTls(stream);
    }

    /**
     * With TLS, one handshake with each segment store that serves the stream, as the Pravega client
     * will make it. A segment store whose certificate the client refuses (not trusted, or not
     * naming the host the segment store advertises) would otherwise make every read and write retry
     * forever without a word; this fails at once and says why.
     */
    private void checkSegmentStoreTls(StreamRef stream) {
        if (!TlsProbe.isTls(config)) {
            return;
        }
        Controller c = controller();
        Set<PravegaNodeUri> segmentStores =
                call(
                        "finding the segment stores of stream '" + stream + "'",
                        () -> {
                            Set<PravegaNodeUri> found = new LinkedHashSet<>();
                            for (Segment segment :
                                    c.getCurrentSegments(stream.scope(), stream.stream())
                                            .join()
                                            .getSegments()) {
                                found.add(c.getEndpointForSegment(segment.getScopedName()).join());
                            }
                            return found;
                        });
        for (PravegaNodeUri store : segmentStores) {
            Optional<SSLException> failure =
                    TlsProbe.handshakeFailure(
                            config,
                            store.getEndpoint(),
                            store.getPort(),
                            config.validateHostname());
            if (failure.isPresent()) {
                String where = store.getEndpoint() + ":" + store.getPort();
                throw new PravegaConnectionException(
                        "TLS handshake with the segment store at "
                                + where
                                + " (it serves stream '"
                                + stream
                                + "') failed: "
                                + failure.get().getMessage()
                                + ". "
                                + (TlsProbe.isHostNameMismatch(failure.get())
                                        ? "The segment store advertises itself as '"
                                                + store.getEndpoint()
                                                + "', a name its certificate does not have: give"
                                                + " the certificate that name, have the segment"
                                                + " store advertise a name it has (Pravega's"
                                                + " 'pravegaservice.service.published.host.nameOrIp'),"
                                                + " or set 'security.validate-hostname' = 'false'."
                                        : "Its certificate is not trusted: check"
                                                + " 'security.trust-store'."),
                        failure.get());
            }
        }
    }

    /**
     * The policy asked for cannot apply to a stream that exists: says so when they differ. Never
     * fails; the stream works either way.
     */
    private void warnIfOtherPolicy(StreamRef stream, @Nullable StreamPolicy requested) {
        if (requested == null) {
            return;
        }
        StreamConfiguration existing;
        try {
            existing = configuration(stream);
        } catch (RuntimeException e) {
            LOG.debug("Could not read the configuration of stream '{}'", stream, e);
            return;
        }
        if (!requested.matches(existing)) {
            LOG.warn(
                    "Stream '{}' exists with {}; the policy asked for, {}, is not applied: the"
                            + " connector only sets the policy of streams it creates. To change"
                            + " the stream's policy, use ALTER TABLE ... SET"
                            + " ('stream.scaling.policy' = ..., ...) on its table in a Pravega"
                            + " catalog (or Pravega's StreamManager.updateStream).",
                    stream,
                    StreamPolicy.describe(existing),
                    requested);
        }
    }

    /** The stream's configuration (scaling and retention policy) as the controller has it. */
    public StreamConfiguration configuration(StreamRef stream) {
        StreamManager manager = streamManager();
        return call(
                "reading the configuration of stream '" + stream + "'",
                () ->
                        manager.fetchStreamInfo(stream.scope(), stream.stream())
                                .join()
                                .getStreamConfiguration());
    }

    /** The tail (end) of each stream now. */
    public Map<StreamRef, StreamCut> tails(Iterable<StreamRef> streams) {
        Map<StreamRef, StreamCut> tails = new HashMap<>();
        for (StreamRef stream : streams) {
            tails.put(stream, info(stream).getTailStreamCut());
        }
        return tails;
    }

    /** The head (start) of each stream now. */
    public Map<StreamRef, StreamCut> heads(Iterable<StreamRef> streams) {
        Map<StreamRef, StreamCut> heads = new HashMap<>();
        for (StreamRef stream : streams) {
            heads.put(stream, info(stream).getHeadStreamCut());
        }
        return heads;
    }

    /**
     * The successors of {@code segment}, each with the ids of all its predecessors; empty while the
     * segment is open.
     */
    public Map<Segment, List<Long>> successors(Segment segment) {
        Controller c = controller();
        return call(
                "reading the successors of segment " + segment,
                () -> {
                    Map<Segment, List<Long>> successors = new LinkedHashMap<>();
                    c.getSuccessors(segment)
                            .join()
                            .getSegmentToPredecessor()
                            .forEach((next, preds) -> successors.put(next.getSegment(), preds));
                    return successors;
                });
    }

    /**
     * The status of a transaction, read without renewing its lease ({@code
     * TransactionalEventStreamWriter.getTxn} starts renewing every open transaction it returns).
     */
    public Transaction.Status transactionStatus(StreamRef stream, UUID transactionId) {
        Controller c = controller();
        return call(
                "reading the status of transaction "
                        + transactionId
                        + " of stream '"
                        + stream
                        + "'",
                () ->
                        c.checkTransactionStatus(
                                        Stream.of(stream.scope(), stream.stream()), transactionId)
                                .join());
    }

    /** A controller client for what the public admin API does not offer; created lazily. */
    private Controller controller() {
        if (controller == null) {
            controllerExecutor =
                    Executors.newSingleThreadScheduledExecutor(
                            r -> {
                                Thread t = new Thread(r, "pravega-controller-client");
                                t.setDaemon(true);
                                return t;
                            });
            controller =
                    new ControllerImpl(
                            ControllerImplConfig.builder()
                                    .clientConfig(config.clientConfig())
                                    .build(),
                            controllerExecutor);
        }
        return controller;
    }

    private StreamInfo info(StreamRef stream) {
        StreamManager manager = streamManager();
        return call(
                "reading the head and tail of stream '" + stream + "'",
                () -> manager.fetchStreamInfo(stream.scope(), stream.stream()).join());
    }

    @Override
    public void close() {
        try {
            if (controller != null) {
                controller.close();
                controllerExecutor.shutdownNow();
                controller = null;
            }
            if (streamManager != null) {
                StreamManager m = streamManager;
                streamManager = null;
                // Closing may itself wait for the controller; never let it hang the caller.
                caller.submit(m::close).get(5, TimeUnit.SECONDS);
            }
        } catch (Exception ignored) {
            // best effort
        } finally {
            caller.shutdownNow();
        }
    }
}
