package dev.flinkpravega.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SeenIds;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import dev.flinkpravega.connector.testutils.TcpProxy;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.CheckpointStatsCounts;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A running unbounded source job whose Pravega is unreachable for 30 s: both {@link TcpProxy
 * proxies} in front of the cluster cut every connection and refuse new ones. Checkpoints must fail
 * as configured without piling up, the job must go on reading once Pravega is reachable again, and
 * the JVM's threads and the proxies' open connections must be back where they were. The numbers are
 * printed with the prefix {@code [fault-report]}.
 */
class PravegaOutageITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = PravegaExtension.behindProxy();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    private static final String TAG = "outage";
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final int ROWS_BEFORE = 1_000;
    private static final int ROWS_AFTER = 1_000;

    /** Threads the JVM may have more after than before (pools that grow on demand). */
    private static final int THREAD_SLACK = 15;

    /** Open connections a proxy may have more after than before. */
    private static final int CONNECTION_SLACK = 2;

    /** The longest the test waits for threads and connections to settle after the recovery. */
    private static final Duration SETTLE = Duration.ofSeconds(40);

    /**
     * Checkpoints every second, each allowed 10 s in Flink and 5 s for its reader-group checkpoint,
     * 100 failures tolerated either way: during the 30 s outage checkpoints fail, at most one is
     * pending at a time, and the job keeps running. After the outage 1,000 new rows must arrive.
     */
    @Test
    void aThirtySecondOutageFailsCheckpointsWithoutPileUpAndTheJobGoesOn(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "in", 2);
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "in", json(0, ROWS_BEFORE));
        SeenIds.reset();

        TableEnvironment env = SqlTestSupport.streaming();
        env.getConfig().set("execution.checkpointing.interval", "1 s");
        env.getConfig().set("execution.checkpointing.timeout", "10 s");
        env.getConfig().set("execution.checkpointing.tolerable-failed-checkpoints", "100");
        env.getConfig().set("restart-strategy.type", "fixed-delay");
        env.getConfig().set("restart-strategy.fixed-delay.attempts", "10");
        env.getConfig().set("restart-strategy.fixed-delay.delay", "1 s");
        env.getConfig().set("table.exec.resource.default-parallelism", "2");
        env.createTemporarySystemFunction("seen", SeenIds.class);
        env.executeSql(
                "CREATE TABLE src (id INT) "
                        + SqlTestSupport.pravegaOptions(
                                PRAVEGA,
                                scope,
                                "scan.streams",
                                "in",
                                "scan.checkpoint.timeout",
                                "5 s",
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
        CheckpointWatch watch = new CheckpointWatch(cluster, job);
        try {
            Await.until(
                    Duration.ofSeconds(90),
                    "the rows written before the outage",
                    () -> SeenIds.distinctIds(TAG) >= ROWS_BEFORE);
            awaitCheckpoints(cluster, job, 1);
            assertThat(restarts(cluster, job)).as("restarts before the outage").isZero();
            Snapshot before = Snapshot.take();

            // ---- the outage
            CheckpointStatsCounts atCut = checkpoints(cluster, job);
            watch.maxPendingSince();
            long cut = System.nanoTime();
            both(TcpProxy::refuse);
            Thread.sleep(OUTAGE.toMillis());
            CheckpointStatsCounts atAccept = checkpoints(cluster, job);
            int maxPendingDuringOutage = watch.maxPendingSince();
            JobStatus statusAtAccept = status(cluster, job);
            int restartsAtAccept = restarts(cluster, job);
            long accepted = System.nanoTime();
            both(TcpProxy::accept);

            // ---- after it: new rows must arrive
            PravegaTestData.write(
                    PRAVEGA.clientConfig(),
                    scope,
                    "in",
                    json(ROWS_BEFORE, ROWS_BEFORE + ROWS_AFTER));
            long writtenMs = millisSince(accepted);
            long[] dumpsAt = {20_000, 50_000, 80_000};
            AtomicInteger dumps = new AtomicInteger();
            Await.until(
                    Duration.ofSeconds(120),
                    "a row written after the outage",
                    () -> {
                        boolean read = SeenIds.distinctIds(TAG) > ROWS_BEFORE;
                        int next = dumps.get();
                        if (!read
                                && next < dumpsAt.length
                                && millisSince(accepted) > dumpsAt[next]) {
                            dumps.incrementAndGet();
                            // Where the job waits when it is slow to read again.
                            report(
                                    "no new row "
                                            + millisSince(accepted)
                                            + " ms after the outage; "
                                            + describe(cluster, job)
                                            + "\n"
                                            + stacks("SourceCoordinator", "Source: ", "pravega-"));
                        }
                        return read;
                    },
                    () -> describe(cluster, job));
            long firstRowMs = millisSince(accepted);
            Await.until(
                    Duration.ofSeconds(120),
                    "every row written after the outage",
                    () -> SeenIds.distinctIds(TAG) >= ROWS_BEFORE + ROWS_AFTER,
                    () -> describe(cluster, job));
            long allRowsMs = millisSince(accepted);
            long completedAtAccept = atAccept.getNumberOfCompletedCheckpoints();
            Await.until(
                    Duration.ofSeconds(120),
                    "a checkpoint completed after the outage",
                    () ->
                            checkpoints(cluster, job).getNumberOfCompletedCheckpoints()
                                    > completedAtAccept,
                    () -> describe(cluster, job));
            long checkpointMs = millisSince(accepted);
            awaitCheckpoints(cluster, job, 2);
            int maxPendingAfter = watch.maxPendingSince();
            Snapshot after = Snapshot.settled(before);
            CheckpointStatsCounts end = checkpoints(cluster, job);
            int restarts = restarts(cluster, job);

            report(
                    "outage of "
                            + OUTAGE.toSeconds()
                            + " s (both proxies refusing, "
                            + TimeUnit.NANOSECONDS.toMillis(accepted - cut)
                            + " ms): job "
                            + statusAtAccept
                            + " at its end, subtask restarts during it "
                            + restartsAtAccept
                            + ", in all "
                            + restarts
                            + "; checkpoints failed during the outage "
                            + (atAccept.getNumberOfFailedCheckpoints()
                                    - atCut.getNumberOfFailedCheckpoints())
                            + ", completed "
                            + (atAccept.getNumberOfCompletedCheckpoints()
                                    - atCut.getNumberOfCompletedCheckpoints())
                            + ", most pending at once during it "
                            + maxPendingDuringOutage
                            + ", after it "
                            + maxPendingAfter
                            + "\n  after the proxies accepted again: 1,000 new rows written in "
                            + writtenMs
                            + " ms, the first read "
                            + firstRowMs
                            + " ms, all "
                            + allRowsMs
                            + " ms, first checkpoint completed "
                            + checkpointMs
                            + " ms after; checkpoints in all completed "
                            + end.getNumberOfCompletedCheckpoints()
                            + ", failed "
                            + end.getNumberOfFailedCheckpoints()
                            + "\n  "
                            + before.compare(after));

            assertThat(statusAtAccept)
                    .as("job state at the end of the outage")
                    .isEqualTo(JobStatus.RUNNING);
            assertThat(atAccept.getNumberOfFailedCheckpoints())
                    .as("checkpoints failed during the outage")
                    .isGreaterThan(atCut.getNumberOfFailedCheckpoints());
            assertThat(maxPendingDuringOutage)
                    .as("checkpoints pending at once during the outage (no pile-up)")
                    .isLessThanOrEqualTo(1);
            assertThat(SeenIds.distinctIds(TAG)).isEqualTo(ROWS_BEFORE + ROWS_AFTER);
            assertThat(after.threads)
                    .as(
                            "JVM threads after the outage (before: %d, slack %d)",
                            before.threads, THREAD_SLACK)
                    .isLessThanOrEqualTo(before.threads + THREAD_SLACK);
            assertThat(after.connectorThreads())
                    .as(
                            "the connector's own threads after the outage (before: %s)",
                            before.connectorThreads())
                    .isLessThanOrEqualTo(before.connectorThreads());
            assertThat(after.controllerConnections)
                    .as(
                            "open controller connections after the outage (before: %d)",
                            before.controllerConnections)
                    .isLessThanOrEqualTo(before.controllerConnections + CONNECTION_SLACK);
            assertThat(after.segmentStoreConnections)
                    .as(
                            "open segment store connections after the outage (before: %d)",
                            before.segmentStoreConnections)
                    .isLessThanOrEqualTo(before.segmentStoreConnections + CONNECTION_SLACK);
        } finally {
            watch.close();
            both(TcpProxy::restore);
            jobClient.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> json(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> "{\"id\":" + i + "}")
                .collect(Collectors.toList());
    }

    private static void both(java.util.function.Consumer<TcpProxy> action) {
        action.accept(PRAVEGA.controllerProxy());
        action.accept(PRAVEGA.segmentStoreProxy());
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static void awaitCheckpoints(MiniCluster cluster, JobID job, int more) {
        long target = checkpoints(cluster, job).getNumberOfCompletedCheckpoints() + more;
        Await.until(
                Duration.ofSeconds(120),
                more + " more completed checkpoints",
                () -> checkpoints(cluster, job).getNumberOfCompletedCheckpoints() >= target,
                () -> describe(cluster, job));
    }

    private static String describe(MiniCluster cluster, JobID job) {
        CheckpointStatsCounts counts = checkpoints(cluster, job);
        return "job "
                + status(cluster, job)
                + ", distinct ids "
                + SeenIds.distinctIds(TAG)
                + ", checkpoints completed "
                + counts.getNumberOfCompletedCheckpoints()
                + ", failed "
                + counts.getNumberOfFailedCheckpoints()
                + ", pending "
                + counts.getNumberOfInProgressCheckpoints()
                + "; "
                + PRAVEGA.controllerProxy()
                + "; "
                + PRAVEGA.segmentStoreProxy();
    }

    static CheckpointStatsCounts checkpoints(MiniCluster cluster, JobID job) {
        try {
            return cluster.getArchivedExecutionGraph(job)
                    .get(30, TimeUnit.SECONDS)
                    .getCheckpointStatsSnapshot()
                    .getCounts();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JobStatus status(MiniCluster cluster, JobID job) {
        try {
            return cluster.getJobStatus(job).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Subtask restarts of a job so far: the attempt numbers of its subtasks, summed. */
    static int restarts(MiniCluster cluster, JobID job) throws Exception {
        int restarts = 0;
        for (AccessExecutionVertex vertex :
                cluster.getArchivedExecutionGraph(job)
                        .get(30, TimeUnit.SECONDS)
                        .getAllExecutionVertices()) {
            restarts += vertex.getCurrentExecutionAttempt().getAttemptNumber();
        }
        return restarts;
    }

    /** Stack traces of the threads whose names contain one of {@code names}. */
    static String stacks(String... names) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            String name = entry.getKey().getName();
            if (List.of(names).stream().noneMatch(name::contains)) {
                continue;
            }
            text.append("  thread ").append(name).append('\n');
            StackTraceElement[] stack = entry.getValue();
            for (int i = 0; i < Math.min(stack.length, 25); i++) {
                text.append("\tat ").append(stack[i]).append('\n');
            }
        }
        return text.toString();
    }

    static void report(String text) {
        System.out.println("[fault-report] " + text);
    }

    /** Samples the job's pending checkpoints every 100 ms and keeps the most seen. */
    private static final class CheckpointWatch implements AutoCloseable {
        private final AtomicInteger maxPending = new AtomicInteger();
        private volatile long firstRestartNanos;
        private final Thread thread;
        private volatile boolean stopped;

        CheckpointWatch(MiniCluster cluster, JobID job) {
            thread =
                    new Thread(
                            () -> {
                                while (!stopped) {
                                    try {
                                        int pending =
                                                checkpoints(cluster, job)
                                                        .getNumberOfInProgressCheckpoints();
                                        maxPending.accumulateAndGet(pending, Math::max);
                                        if (firstRestartNanos == 0 && restarts(cluster, job) > 0) {
                                            firstRestartNanos = System.nanoTime();
                                        }
                                        Thread.sleep(100);
                                    } catch (InterruptedException e) {
                                        return;
                                    } catch (Exception e) {
                                        // the job is not there (yet, or any more)
                                    }
                                }
                            },
                            "test-checkpoint-watch");
            thread.setDaemon(true);
            thread.start();
        }

        /** When a subtask of the job first restarted ({@code System.nanoTime()}), 0 before. */
        long firstRestartNanos() {
            return firstRestartNanos;
        }

        /** The most checkpoints pending at once since the last call; starts a new period. */
        int maxPendingSince() {
            return maxPending.getAndSet(0);
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            thread.interrupt();
            thread.join(5_000);
        }
    }

    /** Threads of the JVM (in all and by name with the numbers taken out) and open connections. */
    static final class Snapshot {
        /** Prefixes of the connector's own threads. */
        private static final List<String> CONNECTOR_THREADS =
                List.of(
                        "pravega-fetcher-",
                        "pravega-read-watchdog-",
                        "pravega-checkpoint-",
                        "pravega-admin-",
                        "pravega-pending-bytes-");

        final int threads;
        final Map<String, Integer> byName;
        final int controllerConnections;
        final int segmentStoreConnections;

        private Snapshot(
                int threads,
                Map<String, Integer> byName,
                int controllerConnections,
                int segmentStoreConnections) {
            this.threads = threads;
            this.byName = byName;
            this.controllerConnections = controllerConnections;
            this.segmentStoreConnections = segmentStoreConnections;
        }

        static Snapshot take() {
            Map<String, Integer> byName = new TreeMap<>();
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                byName.merge(normalize(thread.getName()), 1, Integer::sum);
            }
            return new Snapshot(
                    ManagementFactory.getThreadMXBean().getThreadCount(),
                    byName,
                    PRAVEGA.controllerProxy().openConnections(),
                    PRAVEGA.segmentStoreProxy().openConnections());
        }

        /**
         * A snapshot once the counts settle: up to {@link #SETTLE} for the threads and connections
         * to come down to those of {@code before} (idle pool threads end, reconnected clients close
         * their old connections, a failed-over enumerator's last call to the controller ends within
         * 'controller.timeout'), then what it is.
         */
        static Snapshot settled(Snapshot before) throws InterruptedException {
            long deadline = System.nanoTime() + SETTLE.toNanos();
            Snapshot now = take();
            while (System.nanoTime() < deadline
                    && (now.threads > before.threads
                            || now.connectorThreads() > before.connectorThreads()
                            || now.controllerConnections > before.controllerConnections
                            || now.segmentStoreConnections > before.segmentStoreConnections)) {
                Thread.sleep(500);
                now = take();
            }
            return now;
        }

        int connectorThreads() {
            return byName.entrySet().stream()
                    .filter(e -> CONNECTOR_THREADS.stream().anyMatch(e.getKey()::startsWith))
                    .mapToInt(Map.Entry::getValue)
                    .sum();
        }

        /** Thread names: digits become '#', reader group names are cut off. */
        private static String normalize(String name) {
            String cut = name.replaceAll("flink-[0-9a-f]{32}.*", "<group>");
            return cut.replaceAll("[0-9]+", "#");
        }

        String compare(Snapshot after) {
            TreeSet<String> names = new TreeSet<>(byName.keySet());
            names.addAll(after.byName.keySet());
            List<String> changed = new ArrayList<>();
            for (String name : names) {
                int b = byName.getOrDefault(name, 0);
                int a = after.byName.getOrDefault(name, 0);
                if (a != b) {
                    changed.add(name + " " + b + "->" + a);
                }
            }
            return "JVM threads before "
                    + threads
                    + ", after "
                    + after.threads
                    + " (connector's own "
                    + connectorThreads()
                    + " -> "
                    + after.connectorThreads()
                    + "; changed by name: "
                    + (changed.isEmpty() ? "none" : String.join(", ", changed))
                    + "); open connections: controller proxy "
                    + controllerConnections
                    + " -> "
                    + after.controllerConnections
                    + ", segment store proxy "
                    + segmentStoreConnections
                    + " -> "
                    + after.segmentStoreConnections;
        }
    }
}
