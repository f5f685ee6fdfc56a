package dev.flinkpravega.connector.bench;

import java.util.ArrayList;
import java.util.List;

/** p50 and p99 latency (ms) of one pipeline, one sample per window. */
final class LatencyFigure {
    final String key;
    final String guarantee;
    final int eventBytes;
    final int rate;
    final List<Double> p50 = new ArrayList<>();
    final List<Double> p99 = new ArrayList<>();
    final List<Integer> rows = new ArrayList<>();

    LatencyFigure(String key, String guarantee, int eventBytes, int rate) {
        this.key = key;
        this.guarantee = guarantee;
        this.eventBytes = eventBytes;
        this.rate = rate;
    }

    void add(double p50Millis, double p99Millis, int rowCount) {
        p50.add(p50Millis);
        p99.add(p99Millis);
        rows.add(rowCount);
    }
}
