package dev.flinkpravega.connector.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code bench/run} from rotting: the whole benchmark with a tiny event count, one round,
 * short latency windows. It checks that every figure is there and positive and that the reports are
 * written; it asserts nothing about speed.
 */
class BenchmarkSmokeITCase {

    @Test
    void everyFigureIsMeasuredAndReported(@TempDir Path out) throws Exception {
        BenchOptions options =
                BenchOptions.parse(
                        "--events", "2000",
                        "--sizes", "100",
                        "--reps", "1",
                        "--warmups", "0",
                        "--settle-seconds", "0",
                        "--latency-rate", "500",
                        "--latency-warmup-seconds", "1",
                        "--latency-window-seconds", "1",
                        "--out", out.toString());

        BenchResults results = Benchmark.run(options);
        Path[] written = BenchMain.write(results, options.out);

        List<Figure> figures = results.throughput.get(100);
        assertThat(figures)
                .extracting(f -> f.key)
                .containsExactly(
                        "raw.write",
                        "raw.read",
                        "raw.read.json",
                        "raw.read.4-segments",
                        "flink.ceiling",
                        "sql.sink.raw.none",
                        "sql.sink.raw.at-least-once",
                        "sql.sink.raw.exactly-once",
                        "sql.sink.json.none",
                        "sql.sink.json.at-least-once",
                        "sql.sink.json.exactly-once",
                        "sql.sink.raw.at-least-once.unbatched",
                        "sql.source.raw",
                        "sql.source.json",
                        "sql.source.batch.p1",
                        "sql.source.batch.p2");
        for (Figure figure : figures) {
            assertThat(figure.samples).as(figure.key).hasSize(1);
            assertThat(figure.median()).as(figure.key).isPositive();
            for (String reference : figure.references) {
                assertThat(results.ratio(100, figure.key, reference))
                        .as(figure.key + " / " + reference)
                        .isPositive();
            }
        }
        assertThat(results.latency)
                .extracting(f -> f.key)
                .containsExactly("latency.at-least-once", "latency.exactly-once");
        for (LatencyFigure figure : results.latency) {
            assertThat(figure.p50).as(figure.key).hasSize(1).allMatch(v -> v > 0);
            assertThat(figure.p99).as(figure.key).hasSize(1).allMatch(v -> v > 0);
        }
        assertThat(results.goals()).hasSize(4);

        String markdown = read(written[0]);
        assertThat(markdown).contains("SQL sink, raw, exactly-once").contains("### Goals");
        String json = read(written[1]);
        assertThat(json)
                .contains("\"key\": \"sql.source.batch.p2\"")
                .contains("\"latency.exactly-once\"")
                .contains("\"goals\"")
                .doesNotContain("NaN");
        String svg = read(written[2]);
        assertThat(svg)
                .startsWith("<svg")
                .contains("SQL source, json, streaming")
                .endsWith("</svg>\n");
    }

    private static String read(Path file) throws Exception {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
