package dev.flinkpravega.connector.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SeenIds;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import dev.flinkpravega.connector.testutils.TcpProxy;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsCounts;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connection loss under running SQL pipelines: a Pravega cluster reached only through {@link
 * TcpProxy proxies} ({@link PravegaExtension#behindProxy()}); a producer writes rows to 'in' at a
 * steady rate while an exactly-once and an at-least-once pipeline copy them to an 'out' each, and
 * three times both proxies cut every connection and refuse new ones for 5 s. Exactly-once must
 * write every row of 'in' once, at-least-once at least once. The numbers (rows during the refusals,
 * time until rows flow and a checkpoint completes again, duplicates, restarts) are printed with the
 * prefix {@code [fault-report]}.
 */
class ConnectionLossITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = PravegaExtension.behindProxy();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    private static final int ROWS = 10_000;
    private static final int ROWS_PER_SECOND = 300;
    private static final int PARALLELISM = 2;
    private static final Duration REFUSAL = Duration.ofSeconds(5);

    @Test
    void clientsReachTheClusterOnlyThroughTheProxies() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 2);
        TcpProxy segmentStore = PRAVEGA.segmentStoreProxy();
        assertThat(PRAVEGA.controllerUri().getPort()).isEqualTo(PRAVEGA.controllerProxy().port());

        long bytesBefore = segmentStore.forwardedBytes();
        try (EventStreamClientFactory factory =
                        EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig());
                EventStreamWriter<String> writer =
                        factory.createEventWriter(
                                "s",
                                new UTF8StringSerializer(),
                                EventWriterConfig.builder().build())) {
            writer.writeEvent("k", "through the proxy").join();
            assertThat(segmentStore.openConnections())
                    .as("the writer's segment connections")
                    .isPositive();
            assertThat(segmentStore.forwardedBytes()).isGreaterThan(bytesBefore);

            // With the segment store's proxy refusing nothing gets through: there is no direct
            // path. (The Pravega writer's writeEvent blocks meanwhile, so it runs elsewhere.)
            segmentStore.refuse();
            CompletableFuture<Void> blocked =
                    CompletableFuture.supplyAsync(() -> writer.writeEvent("k", "after the cut"))
                            .thenCompose(f -> f);
            Thread.sleep(2_000);
            assertThat(blocked.isDone())
                    .as("a write while the segment store is unreachable is done")
                    .isFalse();
            assertThat(segmentStore.refusedConnections()).isPositive();
            segmentStore.accept();
            blocked.get(60, TimeUnit.SECONDS);
        }
        assertThat(PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "s"))
                .containsExactlyInAnyOrder("through the proxy", "after the cut");
    }

    /**
     * The producer writes 10,000 rows at 300 rows/s; two unbounded pipelines (exactly-once and
     * at-least-once, parallelism 2, checkpoints every 500 ms) copy them. When a quarter, half and
     * three quarters of the rows are written, both proxies cut all connections and refuse new ones
     * for 5 s; after each fault the test waits until both pipelines pass rows and complete a
     * checkpoint again. Once all rows went through and two more checkpoints completed, the jobs are
     * cancelled and each 'out' is compared with 'in' as a multiset.
     */
    @Test
    void threeCutsWithRefusalsLoseNoRow(@InjectMiniCluster MiniCluster cluster) throws Exception {
        String input = PRAVEGA.scope();
        PRAVEGA.createStream(input, "in", 2);
        SeenIds.reset();
        long refusedBefore = refused();
        List<Pipeline> pipelines =
                List.of(
                        new Pipeline("exactly-once", input, PRAVEGA.newScope()),
                        new Pipeline("at-least-once", input, PRAVEGA.newScope()));
        long start = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        for (Pipeline pipeline : pipelines) {
            pipeline.start();
        }
        List<String> faults = new ArrayList<>();
        try (Producer producer = new Producer(input, "in")) {
            for (int fault = 1; fault <= 3; fault++) {
                int due = fault * ROWS / 4;
                Await.until(
                        Duration.ofSeconds(120),
                        due + " rows written to 'in'",
                        () -> producer.written() >= due,
                        () -> describe(cluster, pipelines));
                for (Pipeline pipeline : pipelines) {
                    assertThat(status(cluster, pipeline.job))
                            .as("state of the %s job at fault %d", pipeline.guarantee, fault)
                            .isEqualTo(JobStatus.RUNNING);
                }
                String text = fault(fault, cluster, pipelines);
                report(text);
                faults.add(text);
            }
            producer.awaitDone(Duration.ofMinutes(2));
        }
        long producedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        for (Pipeline pipeline : pipelines) {
            pipeline.awaitAllRowsCheckpointed(cluster);
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        for (Pipeline pipeline : pipelines) {
            pipeline.insert.getJobClient().orElseThrow().cancel().get(60, TimeUnit.SECONDS);
        }

        Map<Integer, Long> in = ids(input, "in");
        StringBuilder report =
                new StringBuilder(
                        ROWS
                                + " rows written in "
                                + producedMs
                                + " ms (faults included), copied by both pipelines in "
                                + tookMs
                                + " ms; 'in' has "
                                + count(in)
                                + " events, "
                                + in.size()
                                + " distinct; connections refused during the refusals "
                                + (refused() - refusedBefore));
        faults.forEach(f -> report.append("\n  ").append(f));
        for (Pipeline pipeline : pipelines) {
            pipeline.copies = ids(pipeline.scope, "out");
            long events = count(pipeline.copies);
            CheckpointStatsCounts counts = checkpoints(cluster, pipeline.job);
            report.append("\n  ")
                    .append(pipeline.guarantee)
                    .append(": 'out' has ")
                    .append(events)
                    .append(" events, ")
                    .append(pipeline.copies.size())
                    .append(" distinct ids, ")
                    .append(events - pipeline.copies.size())
                    .append(" duplicates; subtask restarts ")
                    .append(restarts(cluster, pipeline.job))
                    .append("; checkpoints completed ")
                    .append(counts.getNumberOfCompletedCheckpoints())
                    .append(", failed ")
                    .append(counts.getNumberOfFailedCheckpoints())
                    .append("\n    checkpoints (id status start+duration ms): ")
                    .append(checkpointHistory(cluster, pipeline.job, startMillis));
        }
        report(report.toString());

        assertThat(in.keySet())
                .as("ids the producer wrote to 'in'")
                .isEqualTo(IntStream.range(0, ROWS).boxed().collect(Collectors.toSet()));
        Pipeline exactlyOnce = pipelines.get(0);
        assertThat(exactlyOnce.copies)
                .as("'out' of the exactly-once pipeline, as a multiset, against 'in'")
                .isEqualTo(in);
        Pipeline atLeastOnce = pipelines.get(1);
        assertThat(atLeastOnce.copies.keySet())
                .as("ids in 'out' of the at-least-once pipeline: none may be lost")
                .isEqualTo(in.keySet());
        assertThat(atLeastOnce.copies)
                .as("at-least-once: every row of 'in' as often at least")
                .allSatisfy((id, copies) -> assertThat(copies).isGreaterThanOrEqualTo(in.get(id)));
        assertThat(refused() - refusedBefore)
                .as("clients tried to reconnect while refused: the faults hit the jobs")
                .isPositive();
    }

    /** Writes ids 0..ROWS-1 as {"id": n} to a stream at {@link #ROWS_PER_SECOND}, on a thread. */
    private static final class Producer implements AutoCloseable {
        private final AtomicInteger written = new AtomicInteger();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final Thread thread;

        Producer(String scope, String stream) {
            thread = new Thread(() -> run(scope, stream), "test-producer");
            thread.setDaemon(true);
            thread.start();
        }

        private void run(String scope, String stream) {
            try (EventStreamClientFactory factory =
                            EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig());
                    EventStreamWriter<String> writer =
                            factory.createEventWriter(
                                    stream,
                                    new UTF8StringSerializer(),
                                    EventWriterConfig.builder().build())) {
                List<CompletableFuture<Void>> acks = new ArrayList<>(ROWS);
                long intervalNanos = TimeUnit.SECONDS.toNanos(1) / ROWS_PER_SECOND;
                long due = System.nanoTime();
                for (int i = 0; i < ROWS; i++) {
                    // No catching up after a stall: the rate stays the same.
                    due = Math.max(due + intervalNanos, System.nanoTime());
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    // Blocks while the segment store is unreachable.
                    acks.add(writer.writeEvent(String.valueOf(i), "{\"id\":" + i + "}"));
                    written.set(i + 1);
                }
                writer.flush();
                CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).join();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }

        int written() {
            return written.get();
        }

        void awaitDone(Duration timeout) throws Exception {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    /** One of the pipelines: 'in' of the input scope to 'out' of its own scope. */
    private static final class Pipeline {
        final String guarantee;
        final String input;
        final String scope;
        TableResult insert;
        JobID job;
        Map<Integer, Long> copies;

        Pipeline(String guarantee, String input, String scope) {
            this.guarantee = guarantee;
            this.input = input;
            this.scope = scope;
        }

        void start() {
            PRAVEGA.createStream(scope, "out", 2);
            TableEnvironment env = SqlTestSupport.streaming();
            env.getConfig().set("execution.checkpointing.interval", "500 ms");
            // A fault may fail tasks; the restarts must not use up the job's attempts.
            env.getConfig().set("restart-strategy.type", "fixed-delay");
            env.getConfig().set("restart-strategy.fixed-delay.attempts", "50");
            env.getConfig().set("restart-strategy.fixed-delay.delay", "500 ms");
            env.getConfig()
                    .set("table.exec.resource.default-parallelism", String.valueOf(PARALLELISM));
            env.createTemporarySystemFunction("seen", SeenIds.class);
            env.executeSql(
                    "CREATE TABLE src (id INT) "
                            + SqlTestSupport.pravegaOptions(
                                    PRAVEGA,
                                    scope,
                                    "scan.streams",
                                    input + "/in",
                                    "format",
                                    "json"));
            env.executeSql(
                    "CREATE TABLE dst (id INT) "
                            + SqlTestSupport.pravegaOptions(
                                    PRAVEGA,
                                    scope,
                                    "sink.stream",
                                    "out",
                                    "sink.delivery-guarantee",
                                    guarantee,
                                    "format",
                                    "json"));
            insert =
                    env.executeSql("INSERT INTO dst SELECT seen(id, '" + guarantee + "') FROM src");
            job = insert.getJobClient().orElseThrow().getJobID();
        }

        /**
         * Waits until every row went through and two more checkpoints completed: the first has
         * every row before its barrier (flushed, or its transaction committed when it completes),
         * and the task acknowledged the second after it was told the first completed.
         */
        void awaitAllRowsCheckpointed(MiniCluster cluster) {
            Await.until(
                    Duration.ofSeconds(120),
                    "all rows through the " + guarantee + " pipeline",
                    () -> SeenIds.distinctIds(guarantee) >= ROWS,
                    () ->
                            "distinct ids "
                                    + SeenIds.distinctIds(guarantee)
                                    + ", "
                                    + history(cluster, job));
            long completed = checkpoints(cluster, job).getNumberOfCompletedCheckpoints();
            Await.until(
                    Duration.ofSeconds(120),
                    "two more checkpoints of the " + guarantee + " pipeline",
                    () ->
                            checkpoints(cluster, job).getNumberOfCompletedCheckpoints()
                                    >= completed + 2,
                    () -> history(cluster, job));
        }
    }

    /**
     * Both proxies cut all connections and refuse new ones for {@link #REFUSAL}; then waits until
     * every pipeline passes rows again and completed a checkpoint after the proxies accept again,
     * and describes what happened with the times.
     */
    private static String fault(int number, MiniCluster cluster, List<Pipeline> pipelines)
            throws Exception {
        TcpProxy controller = PRAVEGA.controllerProxy();
        TcpProxy segmentStore = PRAVEGA.segmentStoreProxy();
        int openController = controller.openConnections();
        int openSegmentStore = segmentStore.openConnections();
        long[] rowsAtCut = rows(pipelines);
        both(TcpProxy::refuse);
        Thread.sleep(REFUSAL.toMillis());
        long[] rowsAtAccept = rows(pipelines);
        long[] completedAtAccept = new long[pipelines.size()];
        for (int i = 0; i < pipelines.size(); i++) {
            completedAtAccept[i] =
                    checkpoints(cluster, pipelines.get(i).job).getNumberOfCompletedCheckpoints();
        }
        long accepted = System.nanoTime();
        both(TcpProxy::accept);
        long[] flowingMs = {-1, -1};
        long[] checkpointMs = {-1, -1};
        Await.until(
                Duration.ofSeconds(120),
                "rows and a checkpoint of every pipeline after the refusal",
                () -> {
                    long now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - accepted);
                    boolean done = true;
                    for (int i = 0; i < pipelines.size(); i++) {
                        Pipeline pipeline = pipelines.get(i);
                        if (flowingMs[i] < 0
                                && SeenIds.rows(pipeline.guarantee) >= rowsAtAccept[i] + 20) {
                            flowingMs[i] = now;
                        }
                        if (checkpointMs[i] < 0
                                && checkpoints(cluster, pipeline.job)
                                                .getNumberOfCompletedCheckpoints()
                                        > completedAtAccept[i]) {
                            checkpointMs[i] = now;
                        }
                        done &= flowingMs[i] >= 0 && checkpointMs[i] >= 0;
                    }
                    return done;
                },
                () -> describe(cluster, pipelines));
        StringBuilder text =
                new StringBuilder(
                        "fault "
                                + number
                                + ": cut "
                                + openController
                                + " controller and "
                                + openSegmentStore
                                + " segment store connections;");
        for (int i = 0; i < pipelines.size(); i++) {
            text.append(" ")
                    .append(pipelines.get(i).guarantee)
                    .append(" at row ")
                    .append(rowsAtCut[i])
                    .append(": ")
                    .append(rowsAtAccept[i] - rowsAtCut[i])
                    .append(" rows during the refusal, rows again ")
                    .append(flowingMs[i])
                    .append(" ms and a checkpoint ")
                    .append(checkpointMs[i])
                    .append(" ms after the proxies accepted again;");
        }
        return text.toString();
    }

    /**
     * Every id of a stream of {"id": n} events with its number of copies, read by the raw client.
     */
    private static Map<Integer, Long> ids(String scope, String stream) {
        return PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, stream).stream()
                .map(event -> Integer.valueOf(event.replaceAll("[^0-9]", "")))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static long count(Map<Integer, Long> copies) {
        return copies.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long refused() {
        return PRAVEGA.controllerProxy().refusedConnections()
                + PRAVEGA.segmentStoreProxy().refusedConnections();
    }

    private static long[] rows(List<Pipeline> pipelines) {
        return pipelines.stream().mapToLong(p -> SeenIds.rows(p.guarantee)).toArray();
    }

    private static String describe(MiniCluster cluster, List<Pipeline> pipelines) {
        return pipelines.stream()
                .map(
                        p ->
                                p.guarantee
                                        + ": rows "
                                        + SeenIds.rows(p.guarantee)
                                        + ", job "
                                        + status(cluster, p.job)
                                        + ", checkpoints "
                                        + history(cluster, p.job))
                .collect(Collectors.joining("; "));
    }

    private static String history(MiniCluster cluster, JobID job) {
        try {
            return checkpointHistory(cluster, job, 0);
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static void both(Consumer<TcpProxy> action) {
        action.accept(PRAVEGA.controllerProxy());
        action.accept(PRAVEGA.segmentStoreProxy());
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

    /** The job's checkpoints: id, status, trigger time after {@code startMillis}, duration. */
    static String checkpointHistory(MiniCluster cluster, JobID job, long startMillis)
            throws Exception {
        List<String> checkpoints = new ArrayList<>();
        for (AbstractCheckpointStats stats :
                cluster.getArchivedExecutionGraph(job)
                        .get(30, TimeUnit.SECONDS)
                        .getCheckpointStatsSnapshot()
                        .getHistory()
                        .getCheckpoints()) {
            checkpoints.add(
                    stats.getCheckpointId()
                            + " "
                            + stats.getStatus()
                            + " "
                            + (stats.getTriggerTimestamp() - startMillis)
                            + "+"
                            + stats.getEndToEndDuration());
        }
        Collections.reverse(checkpoints);
        return String.join(", ", checkpoints);
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

    static JobStatus status(MiniCluster cluster, JobID job) {
        try {
            return cluster.getJobStatus(job).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The numbers of a fault test, in the test's output (failsafe report). */
    static void report(String text) {
        System.out.println("[fault-report] " + text);
    }
}
