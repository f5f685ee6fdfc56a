package dev.flinkpravega.connector.bench;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** What to measure and how often; from command-line flags. */
final class BenchOptions {
    /** Events at the smallest size; larger events are fewer, for the same number of bytes. */
    long events = 1_000_000;

    List<Integer> sizes = List.of(100, 1024);
    int repetitions = 5;
    int warmups = 1;
    Path out = Paths.get("target", "bench");
    int latencyRate = 10_000;
    int latencyWarmupSeconds = 5;
    int latencyWindowSeconds = 3;

    /** How long a measurement waits at most for a calm JVM ({@link Quiesce}); 0: not at all. */
    int settleSeconds = 30;

    /** Key prefixes of the figures to measure (for profiling one path); empty: all. */
    List<String> only = List.of();

    static final String USAGE =
            "usage: bench/run [--quick] [--events N] [--sizes 100,1024] [--reps 5] [--warmups 1]\n"
                    + "                 [--latency-rate 10000] [--latency-window-seconds 3]"
                    + " [--out target/bench] [--only raw.read,sql.source]\n"
                    + "                 [--settle-seconds 30]\n"
                    + "  --quick: 100,000 events and 1 s latency windows (about 6 minutes)";

    static BenchOptions parse(String... args) {
        BenchOptions options = new BenchOptions();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--quick")) {
                options.events = 100_000;
                options.latencyWarmupSeconds = 3;
                options.latencyWindowSeconds = 1;
                continue;
            }
            if (flag.equals("--help") || i + 1 >= args.length) {
                throw new IllegalArgumentException(USAGE);
            }
            String value = args[++i];
            switch (flag) {
                case "--events":
                    options.events = Long.parseLong(value.replace("_", "").replace(",", ""));
                    break;
                case "--sizes":
                    List<Integer> sizes = new ArrayList<>();
                    for (String size : value.split(",")) {
                        sizes.add(Integer.parseInt(size.trim()));
                    }
                    options.sizes = sizes;
                    break;
                case "--reps":
                    options.repetitions = Integer.parseInt(value);
                    break;
                case "--warmups":
                    options.warmups = Integer.parseInt(value);
                    break;
                case "--out":
                    options.out = Paths.get(value);
                    break;
                case "--latency-rate":
                    options.latencyRate = Integer.parseInt(value);
                    break;
                case "--latency-window-seconds":
                    options.latencyWindowSeconds = Integer.parseInt(value);
                    break;
                case "--only":
                    options.only = List.of(value.split(","));
                    break;
                case "--settle-seconds":
                    options.settleSeconds = Integer.parseInt(value);
                    break;
                case "--latency-warmup-seconds":
                    options.latencyWarmupSeconds = Integer.parseInt(value);
                    break;
                default:
                    throw new IllegalArgumentException("unknown flag " + flag + "\n" + USAGE);
            }
        }
        if (options.events < 10 || options.repetitions < 1 || options.warmups < 0) {
            throw new IllegalArgumentException(USAGE);
        }
        return options;
    }

    boolean measures(String key) {
        return only.isEmpty() || only.stream().anyMatch(key::startsWith);
    }

    /** Events at {@code size}: as many bytes as {@link #events} at the smallest size. */
    long eventsAt(int size) {
        int smallest = sizes.stream().mapToInt(Integer::intValue).min().orElse(size);
        return Math.max(10, events * smallest / size);
    }
}
