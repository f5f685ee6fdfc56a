package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.testutils.SqlTestSupport.collect;
import static dev.flinkpravega.connector.testutils.SqlTestSupport.executeAndWait;
import static dev.flinkpravega.connector.testutils.SqlTestSupport.pravegaOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.config.PravegaAdmin;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import io.pravega.client.stream.RetentionPolicy;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.StreamConfiguration;
import java.time.Duration;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.testutils.logging.LoggerAuditingExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.event.Level;

/**
 * The stream policy options of a plain (non-catalog) table against a real Pravega: the source and
 * the sink create missing streams with them, checked with Pravega's own StreamManager; an existing
 * stream is never changed, and a warning names it.
 */
class StreamPolicyITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    @RegisterExtension
    final LoggerAuditingExtension adminLog =
            new LoggerAuditingExtension(PravegaAdmin.class, Level.WARN);

    @Test
    void sinkCreatesTheStreamByEventRateWithTimeRetention() throws Exception {
        String scope = PRAVEGA.scope();
        TableEnvironment env = SqlTestSupport.streaming();
        env.executeSql(
                "CREATE TABLE clicks (user_name STRING, n INT) "
                        + pravegaOptions(
                                PRAVEGA,
                                scope,
                                "sink.stream",
                                "clicks",
                                "scan.streams",
                                "clicks",
                                "scan.bounded.mode",
                                "latest",
                                "stream.create-if-missing",
                                "true",
                                "stream.scaling.policy",
                                "by-event-rate",
                                "stream.scaling.target-rate",
                                "100",
                                "stream.scaling.scale-factor",
                                "3",
                                "stream.scaling.min-segments",
                                "2",
                                "stream.retention.policy",
                                "time",
                                "stream.retention.time",
                                "2 h",
                                "format",
                                "json"));

        executeAndWait(env, "INSERT INTO clicks VALUES ('alice', 1), ('bob', 2)");

        StreamConfiguration config = configuration(scope, "clicks");
        assertThat(config.getScalingPolicy()).isEqualTo(ScalingPolicy.byEventRate(100, 3, 2));
        assertThat(config.getRetentionPolicy().getRetentionType())
                .isEqualTo(RetentionPolicy.RetentionType.TIME);
        assertThat(config.getRetentionPolicy().getRetentionParam())
                .isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(collect(env, "SELECT n FROM clicks")).hasSize(2);
        // The source's check of the same policy found the stream as asked: no warning.
        assertThat(adminLog.getMessages()).isEmpty();
    }

    @Test
    void sourceCreatesTheStreamByDataRateWithSizeRetention() throws Exception {
        String scope = PRAVEGA.scope();
        TableEnvironment env = SqlTestSupport.streaming();
        env.executeSql(
                "CREATE TABLE metrics (v BIGINT) "
                        + pravegaOptions(
                                PRAVEGA,
                                scope,
                                "scan.streams",
                                "metrics",
                                "scan.bounded.mode",
                                "latest",
                                "stream.create-if-missing",
                                "true",
                                "stream.scaling.policy",
                                "by-data-rate",
                                "stream.scaling.target-rate",
                                "1024",
                                "stream.retention.policy",
                                "size",
                                "stream.retention.size",
                                "1 gb",
                                "format",
                                "json"));

        assertThat(collect(env, "SELECT v FROM metrics")).isEmpty();

        StreamConfiguration config = configuration(scope, "metrics");
        assertThat(config.getScalingPolicy()).isEqualTo(ScalingPolicy.byDataRate(1024, 2, 1));
        assertThat(config.getRetentionPolicy().getRetentionType())
                .isEqualTo(RetentionPolicy.RetentionType.SIZE);
        assertThat(config.getRetentionPolicy().getRetentionParam()).isEqualTo(1L << 30);
    }

    @Test
    void existingStreamKeepsItsPolicyAndAWarningSaysSo() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "existing", 1);
        TableEnvironment env = SqlTestSupport.streaming();
        env.executeSql(
                "CREATE TABLE existing (n INT) "
                        + pravegaOptions(
                                PRAVEGA,
                                scope,
                                "sink.stream",
                                "existing",
                                "stream.create-if-missing",
                                "true",
                                "stream.scaling.policy",
                                "by-event-rate",
                                "stream.scaling.target-rate",
                                "10",
                                "format",
                                "json"));

        executeAndWait(env, "INSERT INTO existing VALUES (1), (2)");

        assertThat(configuration(scope, "existing").getScalingPolicy())
                .isEqualTo(ScalingPolicy.fixed(1));
        assertThat(configuration(scope, "existing").getRetentionPolicy()).isNull();
        assertThat(adminLog.getMessages())
                .isNotEmpty()
                .allSatisfy(
                        m ->
                                assertThat(m)
                                        .contains("Stream '" + scope + "/existing' exists with")
                                        .contains("fixed (1 segments), retention none")
                                        .contains("by-event-rate (target rate 10 events/s")
                                        .contains("ALTER TABLE"));
    }

    @Test
    void tableWithoutPolicyOptionsDoesNotCompare() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "plain", 3);
        TableEnvironment env = SqlTestSupport.streaming();
        env.executeSql(
                "CREATE TABLE plain (n INT) "
                        + pravegaOptions(PRAVEGA, scope, "sink.stream", "plain", "format", "json"));

        executeAndWait(env, "INSERT INTO plain VALUES (1)");

        assertThat(adminLog.getMessages()).isEmpty();
        assertThat(configuration(scope, "plain").getScalingPolicy())
                .isEqualTo(ScalingPolicy.fixed(3));
    }

    private static StreamConfiguration configuration(String scope, String stream) {
        return PRAVEGA.streamManager()
                .fetchStreamInfo(scope, stream)
                .join()
                .getStreamConfiguration();
    }
}
