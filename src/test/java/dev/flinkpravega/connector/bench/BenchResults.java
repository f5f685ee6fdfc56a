package dev.flinkpravega.connector.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** All figures of one run: throughput per event size, latency per pipeline, and the goals. */
final class BenchResults {
    final BenchOptions options;
    final Map<Integer, List<Figure>> throughput = new LinkedHashMap<>();
    final List<LatencyFigure> latency = new ArrayList<>();

    BenchResults(BenchOptions options) {
        this.options = options;
    }

    Figure figure(int size, String key) {
        for (Figure figure : throughput.getOrDefault(size, List.of())) {
            if (figure.key.equals(key)) {
                return figure;
            }
        }
        throw new IllegalArgumentException("no figure " + key + " at " + size + " B");
    }

    /** Median of a figure over the median of its reference, both of this run. */
    double ratio(int size, String key, String reference) {
        return figure(size, key).median() / figure(size, reference).median();
    }

    /** The goals, checked at every event size. */
    List<Goal> goals() {
        List<Goal> goals = new ArrayList<>();
        for (int size : throughput.keySet()) {
            goals.add(goal(size, "sql.sink.raw.at-least-once", ThroughputSuite.CEILING, 0.90));
            goals.add(goal(size, "sql.sink.raw.exactly-once", ThroughputSuite.CEILING, 0.80));
            goals.add(goal(size, "sql.source.raw", ThroughputSuite.RAW_READ, 0.70));
            goals.add(goal(size, "sql.source.json", ThroughputSuite.RAW_READ_JSON, 0.35));
        }
        return goals;
    }

    private Goal goal(int size, String key, String reference, double target) {
        return new Goal(size, key, reference, target, ratio(size, key, reference));
    }

    static final class Goal {
        final int size;
        final String key;
        final String reference;
        final double target;
        final double ratio;

        Goal(int size, String key, String reference, double target, double ratio) {
            this.size = size;
            this.key = key;
            this.reference = reference;
            this.target = target;
            this.ratio = ratio;
        }

        boolean met() {
            return ratio >= target;
        }
    }
}
