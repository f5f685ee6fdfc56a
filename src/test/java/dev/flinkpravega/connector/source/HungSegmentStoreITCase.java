package dev.flinkpravega.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SeenIds;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import dev.flinkpravega.connector.testutils.TcpProxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A segment store that hangs: its {@link TcpProxy} keeps every connection open but forwards no byte
 * ({@link TcpProxy#blackhole()}). A reader's Pravega calls then get no answer; the task must fail
 * within about 'controller.timeout' (set to its least, 30 s) instead of hanging, Flink must restart
 * it, and once the segment store answers again the job must read every row. The numbers and the
 * failure's cause are printed with the prefix {@code [fault-report]}.
 */
class HungSegmentStoreITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = PravegaExtension.behindProxy();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    private static final String TAG = "hung";
    private static final int ROWS_BEFORE = 500;
    private static final int ROWS_AFTER = 500;

    /** The watchdog's limit with 'controller.timeout' at 30 s, plus its check interval. */
    private static final Duration FAIL_WITHIN = Duration.ofSeconds(30 + 5 + 15);

    @Test
    void aReaderOfAHungSegmentStoreFailsItsTaskAndTheJobRecovers(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "in", 1);
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "in", json(0, ROWS_BEFORE));
        SeenIds.reset();

        TableEnvironment env = SqlTestSupport.streaming();
        env.getConfig().set("execution.checkpointing.interval", "2 s");
        env.getConfig().set("execution.checkpointing.tolerable-failed-checkpoints", "100");
        env.getConfig().set("restart-strategy.type", "fixed-delay");
        env.getConfig().set("restart-strategy.fixed-delay.attempts", "20");
        env.getConfig().set("restart-strategy.fixed-delay.delay", "1 s");
        env.getConfig().set("table.exec.resource.default-parallelism", "1");
        env.createTemporarySystemFunction("seen", SeenIds.class);
        env.executeSql(
                "CREATE TABLE src (id INT) "
                        + SqlTestSupport.pravegaOptions(
                                PRAVEGA,
                                scope,
                                "scan.streams",
                                "in",
                                "controller.timeout",
                                "30 s",
                                "scan.checkpoint.timeout",
                                "10 s",
                                "scan.checkpoint.tolerable-timeouts",
                                "100",
                                "format",
                                "json"));
        env.executeSql("CREATE TABLE nowhere (id INT) WITH ('connector' = 'blackhole')");
        JobClient jobClient =
                env.executeSql("INSERT INTO nowhere SELECT seen(id, '" + TAG + "') FROM src")
                        .getJobClient()
                        .orElseThrow();
        JobID job = jobClient.getJobID();
        TcpProxy segmentStore = PRAVEGA.segmentStoreProxy();
        try {
            Await.until(
                    Duration.ofSeconds(90),
                    "the rows written before the hang",
                    () -> SeenIds.distinctIds(TAG) >= ROWS_BEFORE);
            assertThat(failure(cluster, job)).as("a failure before the hang").isNull();

            long hungMillis = System.currentTimeMillis();
            segmentStore.blackhole();
            Await.until(
                    FAIL_WITHIN,
                    "a task failure while the segment store hangs",
                    () -> failure(cluster, job) != null,
                    () -> "job " + status(cluster, job) + "; " + segmentStore);
            ErrorInfo failure = failure(cluster, job);
            long failedMs = failure.getTimestamp() - hungMillis;
            String cause = failure.getExceptionAsString();
            int openWhileHung = segmentStore.openConnections();

            long restored = System.nanoTime();
            segmentStore.restore();
            PravegaTestData.write(
                    PRAVEGA.clientConfig(),
                    scope,
                    "in",
                    json(ROWS_BEFORE, ROWS_BEFORE + ROWS_AFTER));
            Await.until(
                    Duration.ofSeconds(120),
                    "every row after the segment store answers again",
                    () -> SeenIds.distinctIds(TAG) >= ROWS_BEFORE + ROWS_AFTER,
                    () -> "job " + status(cluster, job) + ", ids " + SeenIds.distinctIds(TAG));
            long recoveredMs = millisSince(restored);
            boolean watchdog = cause.contains("has been in one read for");

            System.out.println(
                    "[fault-report] "
                            + "hung segment store (blackhole): first task failure "
                            + failedMs
                            + " ms after the hang began ("
                            + (watchdog ? "the StuckReadWatchdog" : "not the StuckReadWatchdog")
                            + "), "
                            + openWhileHung
                            + " segment store connections open meanwhile; every row read "
                            + recoveredMs
                            + " ms after the segment store answered again; subtask restarts "
                            + restarts(cluster, job)
                            + "\n  cause: "
                            + firstLines(cause, 12));

            assertThat(failedMs)
                    .as("time from the hang to the task's failure")
                    .isLessThan(FAIL_WITHIN.toMillis());
            assertThat(status(cluster, job)).isEqualTo(JobStatus.RUNNING);
            assertThat(SeenIds.distinctIds(TAG)).isEqualTo(ROWS_BEFORE + ROWS_AFTER);
        } finally {
            segmentStore.restore();
            jobClient.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    private static String firstLines(String text, int lines) {
        return text.lines().limit(lines).collect(Collectors.joining("\n  "));
    }

    private static List<String> json(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> "{\"id\":" + i + "}")
                .collect(Collectors.toList());
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static JobStatus status(MiniCluster cluster, JobID job) {
        try {
            return cluster.getJobStatus(job).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ErrorInfo failure(MiniCluster cluster, JobID job) {
        try {
            return cluster.getArchivedExecutionGraph(job)
                    .get(30, TimeUnit.SECONDS)
                    .getFailureInfo();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int restarts(MiniCluster cluster, JobID job) {
        try {
            int restarts = 0;
            for (AccessExecutionVertex vertex :
                    cluster.getArchivedExecutionGraph(job)
                            .get(30, TimeUnit.SECONDS)
                            .getAllExecutionVertices()) {
                restarts += vertex.getCurrentExecutionAttempt().getAttemptNumber();
            }
            return restarts;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
