package dev.flinkpravega.connector.bench;

/** Runs every figure of the benchmark on one in-process Pravega and one MiniCluster. */
final class Benchmark {
    private Benchmark() {}

    static BenchResults run(BenchOptions options) throws Exception {
        BenchResults results = new BenchResults(options);
        try (BenchCluster cluster = new BenchCluster()) {
            cluster.start();
            RawClient raw = new RawClient(cluster.pravega().clientConfig(), BenchCluster.SCOPE);
            FlinkJobs jobs =
                    new FlinkJobs(cluster.pravega().controllerUri().toString(), BenchCluster.SCOPE);
            for (int size : options.sizes) {
                ThroughputSuite suite = new ThroughputSuite(cluster, raw, jobs, size, options);
                results.throughput.put(size, suite.run());
            }
            LatencyBench latency = new LatencyBench(cluster, jobs);
            int size = options.sizes.get(0);
            for (String guarantee : new String[] {"at-least-once", "exactly-once"}) {
                if (!options.measures("latency." + guarantee)) {
                    continue;
                }
                System.out.printf("latency, %s, %d events/s%n", guarantee, options.latencyRate);
                results.latency.add(
                        latency.run(
                                guarantee,
                                size,
                                options.latencyRate,
                                options.latencyWarmupSeconds,
                                options.latencyWindowSeconds,
                                options.repetitions));
            }
        }
        return results;
    }
}
