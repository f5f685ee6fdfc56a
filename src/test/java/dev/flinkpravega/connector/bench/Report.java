package dev.flinkpravega.connector.bench;

import java.util.List;
import java.util.Locale;

/** The results as Markdown tables (printed, and kept as {@code results.md}). */
final class Report {
    private Report() {}

    static String markdown(BenchResults results) {
        StringBuilder out = new StringBuilder();
        BenchOptions options = results.options;
        out.append(
                String.format(
                        Locale.ROOT,
                        "Median of %d repetitions after %d warm-up; spread = (max - min) / median;"
                                + " rates over events %d%%..100%% of each run.%n%n",
                        options.repetitions,
                        options.warmups,
                        10));
        for (int size : results.throughput.keySet()) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "### %d B events, %,d per run%n%n",
                            size,
                            options.eventsAt(size)));
            out.append(
                    "| figure | events/s | spread | MB/s | ratio to datagen→blackhole |"
                            + " ratio to raw client | CPU µs/event | end after window (ms) |\n");
            out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Figure figure : results.throughput.get(size)) {
                String ceiling = "";
                String client = "";
                for (String reference : figure.references) {
                    String ratio = percent(results.ratio(size, figure.key, reference));
                    if (reference.equals(ThroughputSuite.CEILING)) {
                        ceiling = ratio;
                    } else {
                        client = ratio;
                    }
                }
                out.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %,.0f | %.0f%% | %.1f | %s | %s | %.2f | %,.0f |%n",
                                figure.label,
                                figure.median(),
                                figure.spread() * 100,
                                figure.megabytesPerSecond(),
                                ceiling,
                                client,
                                Figure.median(figure.cpuMicrosPerEvent),
                                Figure.median(figure.drainMillis)));
            }
            out.append('\n');
        }
        if (!results.latency.isEmpty()) {
            out.append("### End-to-end latency, write to read\n\n");
            out.append("| pipeline | rate (events/s) | p50 ms (min..max) | p99 ms (min..max) |\n");
            out.append("|---|---:|---:|---:|\n");
            for (LatencyFigure figure : results.latency) {
                out.append(
                        String.format(
                                Locale.ROOT,
                                "| SQL sink %s -> SQL source, json, %d B | %,d | %s | %s |%n",
                                figure.guarantee,
                                figure.eventBytes,
                                figure.rate,
                                range(figure.p50),
                                range(figure.p99)));
            }
            out.append('\n');
        }
        out.append(
                "### Goals\n\n| figure | reference | ratio | goal | met |\n|---|---|---:|---:|---|\n");
        for (BenchResults.Goal goal : results.goals()) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %s (%d B) | %s | %s | ≥ %s | %s |%n",
                            goal.key,
                            goal.size,
                            goal.reference,
                            percent(goal.ratio),
                            percent(goal.target),
                            goal.met() ? "yes" : "no"));
        }
        return out.toString();
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    private static String range(List<Double> values) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%.1f (%.1f..%.1f)", Figure.median(values), min, max);
    }
}
