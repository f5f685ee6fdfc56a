package dev.flinkpravega.connector.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the benchmark turns samples into ratios. */
class BenchResultsTest {

    @Test
    void aRatioIsTheMedianOfTheRoundsRatiosNotTheRatioOfMedians() {
        Figure sink = figure("sql.sink", 1, 10);
        Figure ceiling = figure("flink.ceiling", 2, 10);
        BenchResults results = new BenchResults(BenchOptions.parse());
        results.throughput.put(100, List.of(ceiling, sink));

        // rounds: 1/2 and 10/10; the ratio of the medians would be 5.5 / 6
        assertThat(results.ratio(100, "sql.sink", "flink.ceiling")).isEqualTo(0.75);
    }

    @Test
    void aMissingFigureHasNoRatio() {
        BenchResults results = new BenchResults(BenchOptions.parse());
        results.throughput.put(100, List.of(figure("sql.sink", 1)));

        assertThat(results.ratio(100, "sql.sink", "flink.ceiling")).isNaN();
    }

    private static Figure figure(String key, double... samples) {
        Figure figure = new Figure(key, key, 100, List.of());
        for (double sample : samples) {
            figure.samples.add(sample);
        }
        return figure;
    }
}
