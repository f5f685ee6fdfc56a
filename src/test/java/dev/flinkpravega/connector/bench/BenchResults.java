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

    /** The figure, or null when it was not measured ({@code --only}). */
    Figure figure(int size, String key) {
        for (Figure figure : throughput.getOrDefault(size, List.of())) {
            if (figure.key.equals(key)) {
                return figure;
            }
        }
        return null;
    }

    /**
     * The median over the rounds of a figure divided by its reference measured in the same round;
     * NaN if either is missing. Pairing by round cancels what a round shares (this machine's speed
     * drifts by tens of percent from minute to minute), which a ratio of medians would not.
     */
    double ratio(int size, String key, String reference) {
        Figure figure = figure(size, key);
        Figure base = figure(size, reference);
        if (figure == null || base == null) {
            return Double.NaN;
        }
        List<Double> perRound = new ArrayList<>();
        for (int round = 0; round < Math.min(figure.samples.size(), base.samples.size()); round++) {
            perRound.add(figure.samples.get(round) / base.samples.get(round));
        }
        return Figure.median(perRound);
    }

    /** The goals, checked at every event size. */
    List<Goal> goals() {
        List<Goal> goals = new ArrayList<>();
        for (int size : throughput.keySet()) {
            goal(goals, size, "sql.sink.raw.at-least-once", ThroughputSuite.CEILING, 0.90);
            goal(goals, size, "sql.sink.raw.exactly-once", ThroughputSuite.CEILING, 0.80);
            goal(goals, size, "sql.source.raw", ThroughputSuite.RAW_READ, 0.70);
            goal(goals, size, "sql.source.json", ThroughputSuite.RAW_READ_JSON, 0.35);
        }
        return goals;
    }

    private void goal(List<Goal> goals, int size, String key, String reference, double target) {
        double ratio = ratio(size, key, reference);
        if (!Double.isNaN(ratio)) {
            goals.add(new Goal(size, key, reference, target, ratio));
        }
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
