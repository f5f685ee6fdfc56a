package dev.flinkpravega.connector.testutils;

import io.pravega.client.ClientConfig;
import io.pravega.client.control.impl.Controller;
import io.pravega.client.control.impl.ControllerImpl;
import io.pravega.client.control.impl.ControllerImplConfig;
import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Stream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scales streams by hand through the controller's {@code scaleStream}: seals every current segment
 * and creates {@code n} new ones over equal routing-key ranges (1 to 2 splits, 4 to 1 merges, 2 to
 * 4 gives each old segment two successors). Pravega refuses to go below a stream's minimum segment
 * count, so scaled test streams start with one segment.
 */
public final class StreamScaler implements AutoCloseable {
    private final ScheduledExecutorService executor;
    private final Controller controller;

    public StreamScaler(ClientConfig clientConfig) {
        executor = Executors.newSingleThreadScheduledExecutor();
        controller =
                new ControllerImpl(
                        ControllerImplConfig.builder().clientConfig(clientConfig).build(),
                        executor);
    }

    /** Replaces every current segment of the stream by {@code segments} equal ones. */
    public void scaleTo(String scope, String stream, int segments) throws Exception {
        Stream s = Stream.of(scope, stream);
        List<Long> sealed = new ArrayList<>();
        for (Segment segment : current(scope, stream)) {
            sealed.add(segment.getSegmentId());
        }
        Map<Double, Double> ranges = new LinkedHashMap<>();
        for (int i = 0; i < segments; i++) {
            ranges.put(
                    (double) i / segments, i == segments - 1 ? 1.0 : (double) (i + 1) / segments);
        }
        boolean done =
                controller
                        .scaleStream(s, sealed, ranges, executor)
                        .getFuture()
                        .get(30, TimeUnit.SECONDS);
        if (!done) {
            throw new IllegalStateException("the controller refused to scale " + s);
        }
    }

    /** The stream's open segments. */
    public List<Segment> current(String scope, String stream) throws Exception {
        return new ArrayList<>(
                controller
                        .getCurrentSegments(scope, stream)
                        .get(30, TimeUnit.SECONDS)
                        .getSegments());
    }

    @Override
    public void close() {
        controller.close();
        executor.shutdownNow();
    }
}
