package dev.flinkpravega.connector.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Every figure of a run as JSON, for tools and for comparing runs. */
final class JsonReport {
    private JsonReport() {}

    static String json(BenchResults results, String machine) {
        BenchOptions options = results.options;
        StringBuilder out = new StringBuilder("{\n");
        out.append("  \"machine\": ").append(string(machine)).append(",\n");
        out.append("  \"settings\": {")
                .append("\"events\": ")
                .append(options.events)
                .append(", \"sizes\": ")
                .append(options.sizes)
                .append(", \"repetitions\": ")
                .append(options.repetitions)
                .append(", \"warmups\": ")
                .append(options.warmups)
                .append(", \"checkpointInterval\": ")
                .append(string(FlinkJobs.CHECKPOINT_INTERVAL))
                .append(", \"latencyRate\": ")
                .append(options.latencyRate)
                .append(", \"latencyWindowSeconds\": ")
                .append(options.latencyWindowSeconds)
                .append("},\n");
        out.append("  \"throughput\": [\n");
        String figures =
                results.throughput.entrySet().stream()
                        .flatMap(
                                e -> e.getValue().stream().map(f -> figure(results, e.getKey(), f)))
                        .collect(Collectors.joining(",\n"));
        out.append(figures).append("\n  ],\n");
        out.append("  \"latency\": [\n");
        out.append(
                results.latency.stream()
                        .map(JsonReport::latency)
                        .collect(Collectors.joining(",\n")));
        out.append("\n  ],\n");
        out.append("  \"goals\": [\n");
        out.append(
                results.goals().stream().map(JsonReport::goal).collect(Collectors.joining(",\n")));
        out.append("\n  ]\n}\n");
        return out.toString();
    }

    private static String figure(BenchResults results, int size, Figure figure) {
        StringBuilder ratios = new StringBuilder();
        for (String reference : figure.references) {
            if (ratios.length() > 0) {
                ratios.append(", ");
            }
            ratios.append(string(reference))
                    .append(": ")
                    .append(number(results.ratio(size, figure.key, reference)));
        }
        return String.format(
                Locale.ROOT,
                "    {\"size\": %d, \"key\": %s, \"label\": %s, \"eventBytes\": %d,"
                        + " \"eventsPerSecond\": {\"median\": %s, \"min\": %s, \"max\": %s,"
                        + " \"samples\": %s}, \"mbPerSecond\": %s, \"cpuMicrosPerEvent\": %s,"
                        + " \"endAfterWindowMs\": %s,"
                        + " \"ratios\": {%s}}",
                size,
                string(figure.key),
                string(figure.label),
                figure.eventBytes,
                number(figure.median()),
                number(figure.min()),
                number(figure.max()),
                numbers(figure.samples),
                number(figure.megabytesPerSecond()),
                numbers(figure.cpuMicrosPerEvent),
                numbers(figure.drainMillis),
                ratios);
    }

    private static String latency(LatencyFigure figure) {
        return String.format(
                Locale.ROOT,
                "    {\"key\": %s, \"guarantee\": %s, \"eventBytes\": %d, \"rate\": %d,"
                        + " \"p50Ms\": {\"median\": %s, \"samples\": %s},"
                        + " \"p99Ms\": {\"median\": %s, \"samples\": %s}, \"rows\": %s}",
                string(figure.key),
                string(figure.guarantee),
                figure.eventBytes,
                figure.rate,
                number(Figure.median(figure.p50)),
                numbers(figure.p50),
                number(Figure.median(figure.p99)),
                numbers(figure.p99),
                figure.rows);
    }

    private static String goal(BenchResults.Goal goal) {
        return String.format(
                Locale.ROOT,
                "    {\"size\": %d, \"key\": %s, \"reference\": %s, \"target\": %s,"
                        + " \"ratio\": %s, \"met\": %s}",
                goal.size,
                string(goal.key),
                string(goal.reference),
                number(goal.target),
                number(goal.ratio),
                goal.met());
    }

    private static String numbers(List<Double> values) {
        return values.stream().map(JsonReport::number).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "null";
    }

    static String string(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
