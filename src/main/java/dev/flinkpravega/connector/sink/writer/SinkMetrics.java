package dev.flinkpravega.connector.sink.writer;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;

/**
 * The sink's Pravega metrics ({@code sink.pravega-metrics}), beside Flink's standard ones. Off,
 * nothing is registered: the counters handed out then count for nobody.
 */
public final class SinkMetrics {
    /** Writer: transactions begun (exactly-once). */
    public static final String TRANSACTIONS_BEGUN = "pravegaTransactionsBegun";

    /** Committer: transactions this committer committed (exactly-once). */
    public static final String TRANSACTIONS_COMMITTED = "pravegaTransactionsCommitted";

    /**
     * Writer: transactions it aborted: left open by a failed attempt, empty ones replaced, the open
     * one at close (exactly-once).
     */
    public static final String TRANSACTIONS_ABORTED = "pravegaTransactionsAborted";

    /** Writer: events accepted and not yet acknowledged by Pravega (none, at-least-once). */
    public static final String PENDING_EVENTS = "pravegaPendingEvents";

    private SinkMetrics() {}

    /** The counter {@code name} of {@code group}, or one registered nowhere when off. */
    public static Counter counter(MetricGroup group, String name, boolean enabled) {
        return enabled ? group.counter(name) : new SimpleCounter();
    }

    static void gauge(MetricGroup group, String name, Gauge<Long> gauge, boolean enabled) {
        if (enabled) {
            group.gauge(name, gauge);
        }
    }
}
