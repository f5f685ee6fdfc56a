package dev.flinkpravega.connector.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One measured figure: events per second over the repetitions (median and spread), the event size
 * for MB/s, how long the end of the run took after the window, and the figures it is compared to.
 */
final class Figure {
    final String key;
    final String label;
    final int eventBytes;
    final List<String> references;
    final List<Double> samples = new ArrayList<>();
    final List<Double> drainMillis = new ArrayList<>();
    final List<Double> cpuMicrosPerEvent = new ArrayList<>();

    Figure(String key, String label, int eventBytes, List<String> references) {
        this.key = key;
        this.label = label;
        this.eventBytes = eventBytes;
        this.references = references;
    }

    void add(RawClient.Result result) {
        samples.add(result.eventsPerSecond);
        drainMillis.add(result.drainNanos / 1e6);
        cpuMicrosPerEvent.add(result.cpuMicrosPerEvent);
    }

    double median() {
        return median(samples);
    }

    double min() {
        return samples.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
        return samples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** (max - min) / median: how far apart the repetitions were. */
    double spread() {
        return (max() - min()) / median();
    }

    double megabytesPerSecond() {
        return median() * eventBytes / 1e6;
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
