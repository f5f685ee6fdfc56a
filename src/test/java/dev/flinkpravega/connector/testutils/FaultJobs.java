package dev.flinkpravega.connector.testutils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.checkpoint.CheckpointStatsCounts;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;

/**
 * What the fault tests look at while a job runs on a MiniCluster: its checkpoint counts, its state
 * in one line (for the messages of waits that time out), the JVM's threads by kind, and the report
 * lines ({@code [fault-report]}) that the closing notes quote.
 */
public final class FaultJobs {
    private FaultJobs() {}

    /** The job's checkpoint counts now. */
    public static CheckpointStatsCounts checkpoints(MiniCluster cluster, JobID job) {
        return graph(cluster, job).getCheckpointStatsSnapshot().getCounts();
    }

    /** The number of the job's attempts that failed or were restarted (0 before any failure). */
    public static long restarts(MiniCluster cluster, JobID job) {
        AccessExecutionGraph graph = graph(cluster, job);
        return graph.getAllExecutionVertices().iterator().hasNext()
                ? graph.getAllExecutionVertices()
                        .iterator()
                        .next()
                        .getCurrentExecutionAttempt()
                        .getAttemptNumber()
                : 0;
    }

    /** The job's state and checkpoint counts in one line. */
    public static String describe(MiniCluster cluster, JobID job) {
        try {
            AccessExecutionGraph graph = graph(cluster, job);
            CheckpointStatsCounts counts = graph.getCheckpointStatsSnapshot().getCounts();
            return "job "
                    + graph.getState()
                    + ", attempt "
                    + restarts(cluster, job)
                    + ", checkpoints completed "
                    + counts.getNumberOfCompletedCheckpoints()
                    + " failed "
                    + counts.getNumberOfFailedCheckpoints()
                    + " in progress "
                    + counts.getNumberOfInProgressCheckpoints();
        } catch (RuntimeException e) {
            return "job state unknown: " + e;
        }
    }

    private static AccessExecutionGraph graph(MiniCluster cluster, JobID job) {
        try {
            return cluster.getArchivedExecutionGraph(job).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no execution graph for job " + job, e);
        }
    }

    /**
     * The JVM's live threads counted by kind: the name up to its first digit ("pool-3-thread-7"
     * counts as "pool-"). The in-process Pravega's and the proxies' threads are in it too.
     */
    public static Map<String, Integer> threadsByKind() {
        Map<String, Integer> kinds = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive()) {
                kinds.merge(kind(thread.getName()), 1, Integer::sum);
            }
        }
        return kinds;
    }

    /** The number of live threads. */
    public static int threads() {
        return threadsByKind().values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The kinds whose count grew from {@code before} to {@code after}, with both counts. */
    public static Map<String, String> grown(
            Map<String, Integer> before, Map<String, Integer> after) {
        Map<String, String> grown = new TreeMap<>();
        after.forEach(
                (kind, count) -> {
                    int was = before.getOrDefault(kind, 0);
                    if (count > was) {
                        grown.put(kind, was + " -> " + count);
                    }
                });
        return grown;
    }

    private static String kind(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (Character.isDigit(name.charAt(i))) {
                return name.substring(0, i);
            }
        }
        return name;
    }

    /**
     * Writes the stack of every live thread to {@code target/<name>-threads.txt} and returns that
     * path: for the waits of fault tests that time out, whose cause is usually a stuck call.
     */
    public static Path dumpThreads(String name) {
        StringBuilder dump = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append('"')
                    .append(info.getThreadName())
                    .append("\" ")
                    .append(info.getThreadState())
                    .append('\n');
            for (StackTraceElement frame : info.getStackTrace()) {
                dump.append("    at ").append(frame).append('\n');
            }
            dump.append('\n');
        }
        Path file = Path.of("target", name.replaceAll("[^A-Za-z0-9_.-]", "_") + "-threads.txt");
        try {
            Files.writeString(file, dump);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toAbsolutePath();
    }

    /** Prints one report line, {@code [fault-report] <test>: <what> = <value>}. */
    public static void report(String test, String what, Object value) {
        System.out.println("[fault-report] " + test + ": " + what + " = " + value);
    }
}
