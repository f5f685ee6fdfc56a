package dev.flinkpravega.connector.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/** When each record was created and how long it took to arrive, up to a fixed number of records. */
final class LatencyLog {
    private final long[] sent;
    private final long[] latencies;
    private final AtomicInteger size = new AtomicInteger();

    LatencyLog(int capacity) {
        sent = new long[capacity];
        latencies = new long[capacity];
    }

    void add(long sentNanos, long latencyNanos) {
        int i = size.getAndIncrement();
        if (i < sent.length) {
            sent[i] = sentNanos;
            latencies[i] = latencyNanos;
        }
    }

    /** Latencies in ms of the records created in {@code [from, to)}, sorted. */
    double[] sortedMillis(long fromNanos, long toNanos) {
        int n = Math.min(size.get(), sent.length);
        double[] out = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (sent[i] >= fromNanos && sent[i] < toNanos) {
                out[k++] = latencies[i] / 1e6;
            }
        }
        double[] window = Arrays.copyOf(out, k);
        Arrays.sort(window);
        return window;
    }

    /** The {@code p}-quantile (0..1) of sorted values. */
    static double quantile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
