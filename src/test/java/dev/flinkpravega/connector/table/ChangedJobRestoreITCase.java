package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.testutils.SqlTestSupport.pravegaOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.ReaderGroup;
import io.pravega.client.stream.ReaderGroupNotFoundException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A savepoint restored into a changed job: streams added to or removed from 'scan.streams', and a
 * changed 'scan.reader-group.name'. State wins for the streams the savepoint knows, the startup and
 * bounded modes apply to added streams, removed streams are not read, and the group of the restored
 * job's configuration is used.
 *
 * <p>Every job is 'src' through {@link FailOnce} (no failures; an optional pause per row) into
 * 'out' with exactly-once; ids tell the streams apart: 'b' holds ids from 1000 (from 100,000 where
 * 'a' has 60,000).
 */
class ChangedJobRestoreITCase {
    private static final String INSERT = "INSERT INTO dst SELECT fail_once(id) FROM src";

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    private String scope;
    private final List<JobClient> jobs = new ArrayList<>();

    @BeforeEach
    void streams() {
        scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "a", 1);
        PRAVEGA.createStream(scope, "b", 1);
        PRAVEGA.createStream(scope, "out", 1);
        FailOnce.reset(Collections.emptySet(), 0);
    }

    @AfterEach
    void cancelJobs() throws Exception {
        for (JobClient job : jobs) {
            try {
                job.cancel().get(30, TimeUnit.SECONDS);
            } catch (Exception ended) {
                // Finished or stopped already.
            }
        }
        FailOnce.reset(Collections.emptySet(), 0);
    }

    /**
     * (a) A job over 'a' from the earliest, resumed over 'a;b' with startup mode {@code mode}: 'a'
     * goes on from the savepoint (not from its head, not from its tail), 'b' starts per the mode.
     */
    @ParameterizedTest(name = "added stream with startup mode {0}")
    @ValueSource(strings = {"latest", "earliest"})
    void anAddedStreamStartsPerTheStartupModeAndAKnownOneFromTheSavepoint(
            String mode, @TempDir Path savepoints) throws Exception {
        write("a", 0, 100);
        JobClient first = start(pipeline("a", null, "scan.startup.mode", "earliest"));
        awaitOut(100);
        String savepoint = stopWithSavepoint(first, savepoints);
        write("a", 100, 200);
        write("b", 1000, 1100);

        start(pipeline("a;b", savepoint, "scan.startup.mode", mode));
        // The rows of 'a' after the savepoint are read only by the restored source: once they
        // are out, its enumerator has resolved the start of 'b'.
        awaitOut(mode.equals("earliest") ? 300 : 200);
        write("b", 1100, 1200);
        awaitOut(mode.equals("earliest") ? 400 : 300);

        List<Integer> expected = ids(0, 200);
        expected.addAll(ids(mode.equals("earliest") ? 1000 : 1100, 1200));
        assertOutHoldsOnce(expected);
    }

    /**
     * (b) A bounded job ('latest') over 'a', resumed over 'a;b': it ends, 'a' at the tail of its
     * first start and 'b' at its tail at the restore.
     */
    @Test
    void aBoundedJobWithAnAddedStreamEndsAtEachStreamsTail(@TempDir Path savepoints)
            throws Exception {
        write("a", 0, 60_000);
        // 0.2 ms a row (12 s for 'a'): the first job is still reading when it is stopped, and the
        // restored one while 'b' gets rows after the restore. (With 1 ms and more a row,
        // checkpoints take as long as the whole read here.)
        FailOnce.reset(Collections.emptySet(), TimeUnit.MICROSECONDS.toNanos(200));
        JobClient first = start(pipeline("a", null, "scan.bounded.mode", "latest"));
        awaitOut(1);
        String savepoint = stopWithSavepoint(first, savepoints);
        int atSavepoint = out().size();
        assertThat(atSavepoint).as("rows before the savepoint").isLessThan(60_000);
        write("a", 60_000, 60_100); // after the first start's tail: not read
        write("b", 100_000, 100_100); // before the restore: read to here

        TableResult resumed =
                pipeline("a;b", savepoint, "scan.bounded.mode", "latest").executeSql(INSERT);
        jobs.add(resumed.getJobClient().orElseThrow());
        // Rows the restored job committed: its enumerator has resolved the end of 'b'.
        awaitOut(atSavepoint + 1);
        write("b", 100_100, 100_200); // after the restore: not read
        resumed.await(90, TimeUnit.SECONDS);

        List<Integer> expected = ids(0, 60_000);
        expected.addAll(ids(100_000, 100_100));
        assertOutHoldsOnce(expected);
    }

    /** (c) A job over 'a;b' resumed over 'a' only: 'b' is not read any more. */
    @Test
    void aRemovedStreamIsNotRead(@TempDir Path savepoints) throws Exception {
        write("a", 0, 100);
        write("b", 1000, 1100);
        JobClient first = start(pipeline("a;b", null));
        awaitOut(200);
        String savepoint = stopWithSavepoint(first, savepoints);
        write("b", 1100, 1200);
        write("a", 100, 200);

        start(pipeline("a", savepoint));
        awaitOut(300);
        // Pacing, not synchronisation: 'b's new rows were there before 'a's; had the restored
        // job read 'b', its rows would come out with 'a's or a few checkpoints later.
        Thread.sleep(3_000);

        List<Integer> expected = ids(0, 200);
        expected.addAll(ids(1000, 1100));
        assertOutHoldsOnce(expected);
    }

    /**
     * (d) A job with reader group 'first-group' resumed with 'second-group': the restored job reads
     * through 'second-group', from the savepoint's positions.
     */
    @Test
    void aChangedReaderGroupNameIsUsedWithTheSavepointsPositions(@TempDir Path savepoints)
            throws Exception {
        write("a", 0, 100);
        JobClient first = start(pipeline("a", null, "scan.reader-group.name", "first-group"));
        awaitOut(100);
        String savepoint = stopWithSavepoint(first, savepoints);
        write("a", 100, 200);

        start(pipeline("a", savepoint, "scan.reader-group.name", "second-group"));
        awaitOut(200);
        try (ReaderGroupManager groups =
                ReaderGroupManager.withScope(scope, PRAVEGA.clientConfig())) {
            try (ReaderGroup group = groups.getReaderGroup("second-group")) {
                assertThat(group.getOnlineReaders()).as("readers of second-group").isNotEmpty();
            }
            assertThatThrownBy(() -> groups.getReaderGroup("first-group"))
                    .as("the first job deleted its group; the restored job did not recreate it")
                    .isInstanceOf(ReaderGroupNotFoundException.class);
        }
        assertOutHoldsOnce(ids(0, 200));
    }

    /**
     * Why a restore uses its own reader group, not the savepoint's: a savepoint of a running job,
     * and a second job started from it into 'out2'. Each job reads every row after the savepoint;
     * sharing the first job's group would split the rows between them, or reset the first job.
     */
    @Test
    void aSecondJobFromASavepointOfARunningJobDoesNotDisturbIt(@TempDir Path savepoints)
            throws Exception {
        PRAVEGA.createStream(scope, "out2", 1);
        write("a", 0, 100);
        JobClient first = start(pipeline("a", null));
        awaitOut(100);
        String savepoint =
                first.triggerSavepoint(savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(60, TimeUnit.SECONDS);

        start(pipelineTo("out2", "a", savepoint));
        write("a", 100, 200);
        awaitOut(200);
        Await.until(
                Duration.ofSeconds(60),
                "100 rows committed to 'out2'",
                () -> PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "out2").size() >= 100);

        assertOutHoldsOnce(ids(0, 200));
        List<Integer> second = GuaranteePipeline.readIds(PRAVEGA, scope, "out2");
        Collections.sort(second);
        assertThat(second).as("rows of the second job").isEqualTo(ids(100, 200));
        assertThat(first.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
    }

    private TableEnvironment pipeline(String streams, String savepoint, String... scanOptions) {
        return pipelineTo("out", streams, savepoint, scanOptions);
    }

    private TableEnvironment pipelineTo(
            String sinkStream, String streams, String savepoint, String... scanOptions) {
        TableEnvironment env = SqlTestSupport.streaming();
        env.getConfig().set("execution.checkpointing.interval", "300 ms");
        env.getConfig().set("table.exec.resource.default-parallelism", "1");
        if (savepoint != null) {
            env.getConfig().set("execution.savepoint.path", savepoint);
        }
        env.createTemporarySystemFunction("fail_once", FailOnce.class);
        String[] options = new String[scanOptions.length + 4];
        options[0] = "scan.streams";
        options[1] = streams;
        options[2] = "format";
        options[3] = "json";
        System.arraycopy(scanOptions, 0, options, 4, scanOptions.length);
        env.executeSql("CREATE TABLE src (id INT) " + pravegaOptions(PRAVEGA, scope, options));
        env.executeSql(
                "CREATE TABLE dst (id INT) "
                        + pravegaOptions(
                                PRAVEGA,
                                scope,
                                "sink.stream",
                                sinkStream,
                                "sink.delivery-guarantee",
                                "exactly-once",
                                "format",
                                "json"));
        return env;
    }

    private JobClient start(TableEnvironment env) {
        JobClient job = env.executeSql(INSERT).getJobClient().orElseThrow();
        jobs.add(job);
        return job;
    }

    private String stopWithSavepoint(JobClient job, Path savepoints) throws Exception {
        return job.stopWithSavepoint(
                        false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);
    }

    private void awaitOut(int rows) {
        // Generous: on a loaded CI machine a first commit once took over 60 s (cause unknown;
        // the message now carries the jobs' states).
        Await.until(
                Duration.ofSeconds(120),
                "at least " + rows + " rows committed to 'out'",
                () -> out().size() >= rows,
                this::jobStates);
    }

    /** The state of each job started so far, with the failure of a failed one. */
    private String jobStates() {
        List<String> states = new ArrayList<>();
        for (JobClient job : jobs) {
            try {
                JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
                String failure = "";
                if (status == JobStatus.FAILED) {
                    try {
                        job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        Throwable cause = e;
                        while (cause.getCause() != null) {
                            cause = cause.getCause();
                        }
                        failure = ": " + cause;
                    }
                }
                states.add("job " + job.getJobID() + " " + status + failure);
            } catch (Exception e) {
                states.add("job " + job.getJobID() + " state unknown: " + e);
            }
        }
        return String.join("; ", states);
    }

    private List<String> out() {
        return PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "out");
    }

    private void write(String stream, int from, int to) {
        PravegaTestData.write(
                PRAVEGA.clientConfig(), scope, stream, GuaranteePipeline.json(from, to));
    }

    /** 'out' holds exactly {@code expected}, each once. */
    private void assertOutHoldsOnce(List<Integer> expected) throws Exception {
        List<Integer> actual = GuaranteePipeline.readIds(PRAVEGA, scope, "out");
        Collections.sort(actual);
        Collections.sort(expected);
        assertThat(actual).isEqualTo(expected);
    }

    private static List<Integer> ids(int from, int to) {
        return IntStream.range(from, to).boxed().collect(Collectors.toList());
    }
}
