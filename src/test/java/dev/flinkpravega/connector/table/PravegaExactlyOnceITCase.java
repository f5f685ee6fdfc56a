package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.testutils.SqlTestSupport.pravegaOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exactly-once from a Pravega stream to another through Pravega transactions, with failures. */
class PravegaExactlyOnceITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    /**
     * 100,000 rows through a bounded exactly-once pipeline with checkpoints every 500 ms and three
     * failures injected at different rows; the rows are paced (150 us each) so that checkpoints,
     * and so transaction commits, happen between the failures.
     */
    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void everyRowArrivesExactlyOnceDespiteFailures(
            int parallelism, @InjectMiniCluster MiniCluster cluster) throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "in", 3);
        PRAVEGA.createStream(scope, "out", 3);
        int count = 100_000;
        PravegaTestData.write(
                PRAVEGA.clientConfig(), scope, "in", GuaranteePipeline.json(0, count));
        FailOnce.reset(Set.of(15_000, 48_000, 83_000), 150_000L);

        TableEnvironment env =
                GuaranteePipeline.create(PRAVEGA, scope, "exactly-once", parallelism, "500 ms");
        TableResult insert = env.executeSql(GuaranteePipeline.INSERT);
        JobID job = insert.getJobClient().orElseThrow().getJobID();
        insert.await(5, TimeUnit.MINUTES);

        assertThat(FailOnce.failures()).isEqualTo(3);
        assertThat(completedCheckpoints(cluster, job))
                .as("checkpoints completed (and transactions committed) during the job")
                .isGreaterThanOrEqualTo(3);
        assertExactlyOnce(scope, "out", count);
    }

    static long completedCheckpoints(MiniCluster cluster, JobID job) throws Exception {
        return cluster.getArchivedExecutionGraph(job)
                .get(30, TimeUnit.SECONDS)
                .getCheckpointStatsSnapshot()
                .getCounts()
                .getNumberOfCompletedCheckpoints();
    }

    @Test
    void stopWithSavepointAndResumeWithAnotherParallelism(@TempDir Path savepoints)
            throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "in", 3);
        PRAVEGA.createStream(scope, "out", 3);
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "in", GuaranteePipeline.json(0, 1000));
        String insert = "INSERT INTO dst SELECT id FROM src";

        TableEnvironment first = pipeline(scope, 2, null);
        JobClient job = first.executeSql(insert).getJobClient().orElseThrow();
        Await.until(
                Duration.ofSeconds(60),
                "rows committed to 'out'",
                () -> committedRows(scope, "out") > 0);
        String savepoint =
                job.stopWithSavepoint(
                                false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(60, TimeUnit.SECONDS);

        PravegaTestData.write(
                PRAVEGA.clientConfig(), scope, "in", GuaranteePipeline.json(1000, 2000));
        TableEnvironment second = pipeline(scope, 3, savepoint);
        JobClient resumed = second.executeSql(insert).getJobClient().orElseThrow();
        try {
            Await.until(
                    Duration.ofSeconds(90),
                    "all 2000 rows committed to 'out'",
                    () -> committedRows(scope, "out") >= 2000);
        } finally {
            resumed.cancel().get(30, TimeUnit.SECONDS);
        }
        assertExactlyOnce(scope, "out", 2000);
    }

    /** An unbounded exactly-once pipeline 'in' -> 'out', optionally from a savepoint. */
    private static TableEnvironment pipeline(String scope, int parallelism, String savepoint) {
        TableEnvironment env = SqlTestSupport.streaming();
        env.getConfig().set("execution.checkpointing.interval", "300 ms");
        env.getConfig().set("table.exec.resource.default-parallelism", String.valueOf(parallelism));
        if (savepoint != null) {
            env.getConfig().set("execution.savepoint.path", savepoint);
        }
        env.executeSql(
                "CREATE TABLE src (id INT) "
                        + pravegaOptions(PRAVEGA, scope, "scan.streams", "in", "format", "json"));
        env.executeSql(
                "CREATE TABLE dst (id INT) "
                        + pravegaOptions(
                                PRAVEGA,
                                scope,
                                "sink.stream",
                                "out",
                                "sink.delivery-guarantee",
                                "exactly-once",
                                "format",
                                "json"));
        return env;
    }

    /** Committed events in a stream now (a transaction's events count once it is committed). */
    private static long committedRows(String scope, String stream) {
        return PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, stream).size();
    }

    private static void assertExactlyOnce(String scope, String stream, int count) throws Exception {
        GuaranteePipeline.assertExactlyOnce(PRAVEGA, scope, stream, count);
    }

    @Test
    void exactlyOnceWithoutCheckpointingIsRefused() {
        String scope = PRAVEGA.scope();
        TableEnvironment env = SqlTestSupport.streaming();
        env.executeSql(
                "CREATE TABLE dst (id INT) "
                        + pravegaOptions(
                                PRAVEGA,
                                scope,
                                "sink.stream",
                                "out",
                                "sink.delivery-guarantee",
                                "exactly-once",
                                "stream.create-if-missing",
                                "true",
                                "format",
                                "json"));

        assertThatThrownBy(() -> env.executeSql("INSERT INTO dst VALUES (1)"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs checkpointing")
                .hasMessageContaining("execution.checkpointing.interval");
    }

    /** A SQL batch job needs no checkpoints: every row is committed once at the end. */
    @Test
    void aBatchInsertWithExactlyOnceCommitsEveryRowAtTheEnd() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "in", 2);
        PRAVEGA.createStream(scope, "out", 2);
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "in", GuaranteePipeline.json(0, 500));
        TableEnvironment env = SqlTestSupport.batch();
        env.getConfig().set("table.exec.resource.default-parallelism", "2");
        env.executeSql(
                "CREATE TABLE src (id INT) "
                        + pravegaOptions(
                                PRAVEGA,
                                scope,
                                "scan.streams",
                                "in",
                                "scan.bounded.mode",
                                "latest",
                                "format",
                                "json"));
        env.executeSql(
                "CREATE TABLE dst (id INT) "
                        + pravegaOptions(
                                PRAVEGA,
                                scope,
                                "sink.stream",
                                "out",
                                "sink.delivery-guarantee",
                                "exactly-once",
                                "format",
                                "json"));

        env.executeSql("INSERT INTO dst SELECT id FROM src").await(2, TimeUnit.MINUTES);

        Await.until(
                Duration.ofSeconds(60),
                "the committed rows to be readable",
                () -> committedRows(scope, "out") >= 500);
        assertExactlyOnce(scope, "out", 500);
    }
}
