package dev.flinkpravega.connector.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the records that pass one point of a benchmark (a tap before a sink, a counting sink, a
 * raw reader) and notes when the count reached the start and the end of the measured window. Flink
 * runs in this JVM, so operators find their probe by name in a static registry.
 *
 * <p>The window leaves out the first records (job start-up, JIT warm-up inside the run) and stops
 * at the last expected record, so that neither start-up nor the end of a bounded job (final flush,
 * final checkpoint, end-of-stream detection) is counted as throughput; those are kept apart as
 * {@link #drainNanos}.
 */
final class Probe {
    private static final Map<String, Probe> PROBES = new ConcurrentHashMap<>();

    private final AtomicLong count = new AtomicLong();
    private final long windowStart;
    private final long expected;
    private volatile long startNanos;
    private volatile long endNanos;
    private volatile long startCpuNanos;
    private volatile long endCpuNanos;
    private final LatencyLog latencies;

    private Probe(long windowStart, long expected, LatencyLog latencies) {
        this.windowStart = windowStart;
        this.expected = expected;
        this.latencies = latencies;
    }

    /** A new probe under {@code name}, replacing an earlier one. */
    static Probe create(String name, long expected) {
        Probe probe = new Probe(Math.max(1, expected / 10), expected, null);
        PROBES.put(name, probe);
        return probe;
    }

    /** A probe that also logs the latency of every record, for {@code capacity} records. */
    static Probe createWithLatency(String name, int capacity) {
        Probe probe = new Probe(1, Long.MAX_VALUE, new LatencyLog(capacity));
        PROBES.put(name, probe);
        return probe;
    }

    static Probe get(String name) {
        Probe probe = PROBES.get(name);
        if (probe == null) {
            throw new IllegalStateException("no benchmark probe named " + name);
        }
        return probe;
    }

    static void remove(String name) {
        PROBES.remove(name);
    }

    /** One record passed. */
    void record() {
        long n = count.incrementAndGet();
        if (n == windowStart) {
            startCpuNanos = processCpuNanos();
            startNanos = System.nanoTime();
        }
        if (n == expected) {
            endNanos = System.nanoTime();
            endCpuNanos = processCpuNanos();
        }
    }

    /** One record passed that was created at {@code sentNanos} (System.nanoTime of this JVM). */
    void recordSentAt(long sentNanos) {
        long now = System.nanoTime();
        count.incrementAndGet();
        latencies.add(sentNanos, now - sentNanos);
    }

    long count() {
        return count.get();
    }

    boolean done() {
        return endNanos != 0;
    }

    long endNanos() {
        return endNanos;
    }

    /** Records per second between the start and the end of the window. */
    double ratePerSecond() {
        if (!done()) {
            throw new IllegalStateException(
                    "only " + count.get() + " of " + expected + " records passed");
        }
        return (expected - windowStart) * 1e9 / (endNanos - startNanos);
    }

    /**
     * CPU time of the whole JVM (Flink, Pravega client and in-process Pravega, JIT, GC) per record
     * in the window, in microseconds: what a record costs, whatever the machine's speed.
     */
    double cpuMicrosPerRecord() {
        return (endCpuNanos - startCpuNanos) / 1e3 / (expected - windowStart);
    }

    /** The result of a run that ended at {@code laterNanos}. */
    RawClient.Result result(long laterNanos) {
        return new RawClient.Result(ratePerSecond(), drainNanos(laterNanos), cpuMicrosPerRecord());
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Nanoseconds from the end of the window to {@code laterNanos} (e.g. the job's end). */
    long drainNanos(long laterNanos) {
        return laterNanos - endNanos;
    }

    LatencyLog latencies() {
        return latencies;
    }
}
