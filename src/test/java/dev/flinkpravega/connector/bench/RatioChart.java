package dev.flinkpravega.connector.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart (SVG) of every connector figure as a share of its reference: blue bars
 * against Flink's datagen→blackhole ceiling, green bars against the raw Pravega client; a red tick
 * marks a goal.
 */
final class RatioChart {
    private static final int LABEL_WIDTH = 470;
    private static final int BAR_WIDTH = 420;
    private static final int ROW = 22;
    private static final int TOP = 50;

    private RatioChart() {}

    static String svg(BenchResults results, String title) {
        List<Bar> bars = bars(results);
        double scale = 1.2;
        for (Bar bar : bars) {
            scale = Math.max(scale, bar.ratio * 1.05);
        }
        int height = TOP + bars.size() * ROW + 40;
        int width = LABEL_WIDTH + BAR_WIDTH + 90;
        StringBuilder svg = new StringBuilder();
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                                + " font-family=\"sans-serif\" font-size=\"12\">%n",
                        width,
                        height));
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n",
                        width,
                        height));
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                        escape(title)));
        svg.append(
                "<text x=\"10\" y=\"38\" fill=\"#555\">blue: share of datagen→blackhole;"
                        + " green: share of the raw Pravega client; red tick: goal</text>\n");
        double step = scale > 2 ? 0.5 : 0.25;
        for (double tick = 0; tick <= scale + 1e-9; tick += step) {
            int x = LABEL_WIDTH + (int) (tick / scale * BAR_WIDTH);
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\""
                                    + " stroke-dasharray=\"%s\"/>%n",
                            x,
                            TOP - 5,
                            x,
                            height - 30,
                            Math.abs(tick - 1) < 1e-9 ? "#333" : "#ccc",
                            Math.abs(tick - 1) < 1e-9 ? "4,2" : "2,3"));
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%.0f%%</text>%n",
                            x,
                            height - 15,
                            tick * 100));
        }
        int y = TOP;
        for (Bar bar : bars) {
            int length = (int) Math.round(bar.ratio / scale * BAR_WIDTH);
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                            LABEL_WIDTH - 8,
                            y + 14,
                            escape(bar.label)));
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
                            LABEL_WIDTH,
                            y + 3,
                            Math.max(1, length),
                            ROW - 6,
                            bar.againstCeiling ? "#4a7fc1" : "#5aa469"));
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%d\" y=\"%d\">%.0f%%</text>%n",
                            LABEL_WIDTH + length + 5,
                            y + 14,
                            bar.ratio * 100));
            if (bar.goal > 0) {
                int x = LABEL_WIDTH + (int) (bar.goal / scale * BAR_WIDTH);
                svg.append(
                        String.format(
                                Locale.ROOT,
                                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d62728\""
                                        + " stroke-width=\"3\"/>%n",
                                x,
                                y + 1,
                                x,
                                y + ROW - 1));
            }
            y += ROW;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static List<Bar> bars(BenchResults results) {
        List<Bar> bars = new ArrayList<>();
        for (int size : results.throughput.keySet()) {
            for (Figure figure : results.throughput.get(size)) {
                for (String reference : figure.references) {
                    if (Double.isNaN(results.ratio(size, figure.key, reference))) {
                        continue;
                    }
                    boolean ceiling = reference.equals(ThroughputSuite.CEILING);
                    double goal = 0;
                    for (BenchResults.Goal g : results.goals()) {
                        if (g.size == size
                                && g.key.equals(figure.key)
                                && g.reference.equals(reference)) {
                            goal = g.target;
                        }
                    }
                    bars.add(
                            new Bar(
                                    size
                                            + " B · "
                                            + figure.label
                                            + (ceiling ? " / ceiling" : " / raw client"),
                                    results.ratio(size, figure.key, reference),
                                    ceiling,
                                    goal));
                }
            }
        }
        return bars;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static final class Bar {
        final String label;
        final double ratio;
        final boolean againstCeiling;
        final double goal;

        Bar(String label, double ratio, boolean againstCeiling, double goal) {
            this.label = label;
            this.ratio = ratio;
            this.againstCeiling = againstCeiling;
            this.goal = goal;
        }
    }
}
