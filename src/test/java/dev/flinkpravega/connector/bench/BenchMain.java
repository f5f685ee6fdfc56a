package dev.flinkpravega.connector.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code bench/run}: measures the connector against the raw Pravega client and Flink's own ceiling
 * in one JVM and writes {@code results.md}, {@code results.json} and {@code ratios.svg}.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        int exitCode = 1;
        try {
            BenchOptions options = BenchOptions.parse(args);
            long start = System.nanoTime();
            BenchResults results = Benchmark.run(options);
            Path[] written = write(results, options.out);
            System.out.println();
            System.out.println(Report.markdown(results));
            System.out.printf(
                    "Benchmark finished in %.1f min; wrote %s, %s and %s%n",
                    (System.nanoTime() - start) / 60e9, written[0], written[1], written[2]);
            exitCode = 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            // Pravega's and Flink's non-daemon threads would keep the JVM alive.
            System.exit(exitCode);
        }
    }

    /** Writes the Markdown, JSON and SVG reports into {@code dir}. */
    static Path[] write(BenchResults results, Path dir) throws Exception {
        Files.createDirectories(dir);
        String machine = machine();
        Path markdown = dir.resolve("results.md");
        Files.write(
                markdown,
                ("Machine: " + machine + "\n\n" + Report.markdown(results))
                        .getBytes(StandardCharsets.UTF_8));
        Path json = dir.resolve("results.json");
        Files.write(json, JsonReport.json(results, machine).getBytes(StandardCharsets.UTF_8));
        Path svg = dir.resolve("ratios.svg");
        Files.write(
                svg,
                RatioChart.svg(results, "flink-connector-pravega benchmark: " + machine)
                        .getBytes(StandardCharsets.UTF_8));
        return new Path[] {markdown, json, svg};
    }

    static String machine() {
        Runtime runtime = Runtime.getRuntime();
        return String.format(
                Locale.ROOT,
                "%d cores, %s %s, Java %s, max heap %.1f GiB",
                runtime.availableProcessors(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                runtime.maxMemory() / (1024.0 * 1024 * 1024));
    }
}
