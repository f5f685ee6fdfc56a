package dev.flinkpravega.connector.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The throughput figures of one event size. The repetitions run in rounds, every figure once per
 * round, so that a noisy minute on this shared machine hits all figures alike; the first rounds are
 * warm-ups and not recorded. Each measurement starts on a calm JVM ({@link Quiesce}).
 */
final class ThroughputSuite {
    static final String RAW_WRITE = "raw.write";
    static final String RAW_READ = "raw.read";
    static final String RAW_READ_JSON = "raw.read.json";
    static final String RAW_READ_4 = "raw.read.4-segments";
    static final String CEILING = "flink.ceiling";
    static final List<String> GUARANTEES = List.of("none", "at-least-once", "exactly-once");
    static final List<String> FORMATS = List.of("raw", "json");

    private final BenchCluster cluster;
    private final RawClient raw;
    private final FlinkJobs jobs;
    private final int size;
    private final long events;
    private final Payloads payloads;
    private final Map<Figure, Measurement> plan = new LinkedHashMap<>();
    private final List<String> readStreams = new ArrayList<>();

    private final BenchOptions options;

    ThroughputSuite(
            BenchCluster cluster, RawClient raw, FlinkJobs jobs, int size, BenchOptions options) {
        this.options = options;
        this.cluster = cluster;
        this.raw = raw;
        this.jobs = jobs;
        this.size = size;
        this.events = options.eventsAt(size);
        this.payloads = new Payloads(size);
    }

    /** Runs {@code warmups + repetitions} rounds; returns the figures in report order. */
    List<Figure> run() throws Exception {
        int warmups = options.warmups;
        int repetitions = options.repetitions;
        try {
            plan();
            int rounds = warmups + repetitions;
            for (int round = 0; round < rounds; round++) {
                boolean record = round >= warmups;
                System.out.printf(
                        "%d B, round %d of %d%s%n",
                        size, round + 1, rounds, record ? "" : " (warm-up)");
                for (Map.Entry<Figure, Measurement> entry : plan.entrySet()) {
                    Quiesce.await(Duration.ofSeconds(options.settleSeconds));
                    RawClient.Result result = entry.getValue().run();
                    System.out.printf(
                            "  %-32s %,12.0f events/s%n",
                            entry.getKey().key, result.eventsPerSecond);
                    if (record) {
                        entry.getKey().add(result);
                    }
                }
            }
            return new ArrayList<>(plan.keySet());
        } finally {
            readStreams.forEach(cluster::deleteStream);
        }
    }

    private void plan() {
        int jsonSize = Payloads.jsonSize(size);
        String rawStream = prepare("read-raw", 1, false);
        String jsonStream = prepare("read-json", 1, true);
        String rawStream4 = prepare("read-raw4", 4, false);

        add(
                RAW_WRITE,
                "raw client write (1 writer)",
                size,
                List.of(),
                () -> {
                    String stream = newStream(1);
                    try {
                        return raw.write(stream, events, payloads::raw);
                    } finally {
                        cluster.deleteStream(stream);
                    }
                });
        add(
                RAW_READ,
                "raw client read (1 reader), raw",
                size,
                List.of(),
                () -> raw.read(rawStream, events));
        add(
                RAW_READ_JSON,
                "raw client read (1 reader), json",
                jsonSize,
                List.of(),
                () -> raw.read(jsonStream, events));
        add(
                RAW_READ_4,
                "raw client read (1 reader), 4 segments",
                size,
                List.of(),
                () -> raw.read(rawStream4, events));
        add(CEILING, "SQL datagen -> blackhole", size, List.of(), () -> jobs.ceiling(size, events));
        for (String format : FORMATS) {
            for (String guarantee : GUARANTEES) {
                add(
                        "sql.sink." + format + "." + guarantee,
                        "SQL sink, " + format + ", " + guarantee,
                        format.equals("raw") ? size : jsonSize,
                        List.of(CEILING, RAW_WRITE),
                        () -> {
                            String stream = newStream(1);
                            try {
                                return jobs.sink(size, events, format, guarantee, stream);
                            } finally {
                                cluster.deleteStream(stream);
                            }
                        });
            }
        }
        // What batching gains: the same as sql.sink.raw.at-least-once, one write per event.
        add(
                "sql.sink.raw.at-least-once.unbatched",
                "SQL sink, raw, at-least-once, unbatched",
                size,
                List.of(CEILING, RAW_WRITE),
                () -> {
                    String stream = newStream(1);
                    try {
                        return jobs.sink(
                                size,
                                events,
                                "raw",
                                "at-least-once",
                                stream,
                                "sink.batch.linger",
                                "0 ms");
                    } finally {
                        cluster.deleteStream(stream);
                    }
                });
        add(
                "sql.source.raw",
                "SQL source, raw, streaming",
                size,
                List.of(RAW_READ),
                () -> jobs.source(rawStream, "raw", events, false, 1));
        add(
                "sql.source.json",
                "SQL source, json, streaming",
                jsonSize,
                List.of(RAW_READ_JSON),
                () -> jobs.source(jsonStream, "json", events, false, 1));
        for (int parallelism : new int[] {1, 2}) {
            add(
                    "sql.source.batch.p" + parallelism,
                    "SQL source, raw, batch, 4 segments, parallelism " + parallelism,
                    size,
                    List.of(RAW_READ_4),
                    () -> jobs.source(rawStream4, "raw", events, true, parallelism));
        }
    }

    private void add(
            String key,
            String label,
            int eventBytes,
            List<String> references,
            Measurement measurement) {
        if (!options.measures(key)) {
            return;
        }
        plan.put(new Figure(key, label, eventBytes, references), measurement);
    }

    /** A stream of {@code events} events, written once by the raw client for the reads. */
    private String prepare(String name, int segments, boolean json) {
        String stream = name + "-" + size;
        cluster.createStream(stream, segments);
        readStreams.add(stream);
        raw.write(stream, events, json ? payloads::json : payloads::raw);
        return stream;
    }

    private String newStream(int segments) {
        String stream = "write-" + size + "-" + System.nanoTime();
        cluster.createStream(stream, segments);
        return stream;
    }
}
