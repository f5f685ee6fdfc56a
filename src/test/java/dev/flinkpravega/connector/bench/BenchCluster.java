package dev.flinkpravega.connector.bench;

import dev.flinkpravega.connector.testutils.PravegaExtension;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.StreamConfiguration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/**
 * An in-process Pravega and one Flink MiniCluster (one TaskManager, four slots) that every job of
 * the run shares, so that no job pays for starting a cluster.
 */
final class BenchCluster implements AutoCloseable {
    static final String SCOPE = "bench";

    private final PravegaExtension pravega = new PravegaExtension();
    private MiniCluster flink;

    void start() throws Exception {
        pravega.start();
        pravega.streamManager().createScope(SCOPE);
        Configuration config = new Configuration();
        // any free port: the smoke test runs beside other test JVMs, or a benchmark beside it
        config.set(RestOptions.BIND_PORT, "0");
        flink =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(4)
                                .setConfiguration(config)
                                .build());
        flink.start();
        TestStreamEnvironment.setAsContext(flink, 1);
    }

    PravegaExtension pravega() {
        return pravega;
    }

    void createStream(String stream, int segments) {
        pravega.streamManager()
                .createStream(
                        SCOPE,
                        stream,
                        StreamConfiguration.builder()
                                .scalingPolicy(ScalingPolicy.fixed(segments))
                                .build());
    }

    /** Seals and deletes a stream, so that the in-memory storage lets its data go. */
    void deleteStream(String stream) {
        StreamManager streams = pravega.streamManager();
        streams.sealStream(SCOPE, stream);
        streams.deleteStream(SCOPE, stream);
    }

    @Override
    public void close() throws Exception {
        TestStreamEnvironment.unsetAsContext();
        if (flink != null) {
            flink.close();
        }
        pravega.stop();
    }
}
