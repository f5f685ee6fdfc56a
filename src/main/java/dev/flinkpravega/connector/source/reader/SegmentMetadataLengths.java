package dev.flinkpravega.connector.source.reader;

import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.control.impl.Controller;
import io.pravega.client.security.auth.DelegationTokenProviderFactory;
import io.pravega.client.segment.impl.Segment;
import io.pravega.client.segment.impl.SegmentMetadataClient;
import io.pravega.client.segment.impl.SegmentMetadataClientFactory;
import io.pravega.client.segment.impl.SegmentMetadataClientFactoryImpl;
import io.pravega.client.stream.impl.AbstractClientFactoryImpl;
import io.pravega.shared.security.auth.AccessOperation;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segment lengths from the segment stores, over the connections of the reader's own client factory.
 * The public API only offers the tail stream cut, which lacks sealed segments that a reader may
 * still be reading; a segment's metadata has the length of any segment, sealed or not.
 */
final class SegmentMetadataLengths implements SegmentLengths {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentMetadataLengths.class);

    private final Controller controller;
    private final SegmentMetadataClientFactory clients;
    private final Duration timeout;

    private SegmentMetadataLengths(
            Controller controller, SegmentMetadataClientFactory clients, Duration timeout) {
        this.controller = controller;
        this.clients = clients;
        this.timeout = timeout;
    }

    /** Null when the factory is not the client's own implementation (nothing to ask with). */
    @Nullable
    static SegmentMetadataLengths of(EventStreamClientFactory factory, Duration timeout) {
        if (!(factory instanceof AbstractClientFactoryImpl)) {
            return null;
        }
        AbstractClientFactoryImpl impl = (AbstractClientFactoryImpl) factory;
        return new SegmentMetadataLengths(
                impl.getController(),
                new SegmentMetadataClientFactoryImpl(
                        impl.getController(), impl.getConnectionPool()),
                timeout);
    }

    @Override
    public Map<Segment, Long> of(Collection<Segment> segments) {
        Map<Segment, CompletableFuture<Long>> asked = new LinkedHashMap<>();
        for (Segment segment : segments) {
            SegmentMetadataClient client =
                    clients.createSegmentMetadataClient(
                            segment,
                            DelegationTokenProviderFactory.create(
                                    controller, segment, AccessOperation.READ));
            CompletableFuture<Long> length = client.fetchCurrentSegmentLength();
            length.whenComplete((l, e) -> client.close());
            asked.put(segment, length);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Segment, Long> lengths = new LinkedHashMap<>();
        for (Map.Entry<Segment, CompletableFuture<Long>> length : asked.entrySet()) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                lengths.put(length.getKey(), length.getValue().get(left, TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return lengths;
            } catch (Exception e) {
                LOG.debug("No length of segment {}: {}", length.getKey(), e.toString());
            }
        }
        return lengths;
    }

    /** The clients share the reader's factory, which closes their connections. */
    @Override
    public void close() {}
}
