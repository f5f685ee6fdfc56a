package dev.flinkpravega.connector.sink;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a streaming job whose exactly-once sink could never commit: its transactions are
 * committed when a checkpoint completes, so a streaming job needs checkpoints. A batch job needs
 * none: the committer commits at the end of the input.
 *
 * <p>The checkpoint interval is not bounded by {@code 'sink.transaction-timeout'}: that is the
 * transactions' lease, which a running writer renews however long a transaction stays open
 * (measured in {@code TransactionLeaseITCase}).
 *
 * <p>{@link PravegaSink#addPreWriteTopology} calls it: that is the one point where a Sink V2 sees
 * the job's checkpoint settings before the job runs. The sink is built without them ({@code
 * PravegaSinkBuilder}, the table factory), and its writers never see them ({@code
 * WriterInitContext} has no checkpoint settings; failing there would also restart the job again and
 * again instead of refusing it once).
 */
final class ExactlyOnceCheckpointing {
    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceCheckpointing.class);

    private ExactlyOnceCheckpointing() {}

    /**
     * Warns when the restart strategy may outwait the transactions' lease.
     *
     * @throws IllegalStateException for exactly-once in a streaming job without checkpointing
     */
    static void check(PravegaSinkConfig sink, CheckpointConfig checkpoints, ReadableConfig job) {
        if (sink.deliveryGuarantee() != DeliveryGuarantee.EXACTLY_ONCE
                || job.get(ExecutionOptions.RUNTIME_MODE) == RuntimeExecutionMode.BATCH) {
            return;
        }
        if (!checkpoints.isCheckpointingEnabled()) {
            throw new IllegalStateException(
                    "'sink.delivery-guarantee' = 'exactly-once' needs checkpointing in a streaming"
                            + " job: Pravega transactions are committed when a checkpoint"
                            + " completes. Set 'execution.checkpointing.interval', run the job"
                            + " with 'execution.runtime-mode' = 'batch' (one transaction per"
                            + " writer, committed at the end of the input), or use"
                            + " 'at-least-once'.");
        }
        restartDelayWarning(sink, job).ifPresent(LOG::warn);
    }

    /**
     * A warning when the job's restart strategy may wait longer than a transaction's lease: the
     * transactions of the last checkpoint before a failure would then be aborted before the
     * restored job commits them.
     */
    static Optional<String> restartDelayWarning(PravegaSinkConfig sink, ReadableConfig job) {
        Optional<Duration> delay = longestRestartDelay(job);
        Duration lease = sink.transactionTimeout();
        if (delay.isEmpty() || delay.get().compareTo(lease) < 0) {
            return Optional.empty();
        }
        return Optional.of(
                "The restart strategy of this job may wait "
                        + delay.get().toMillis()
                        + " ms before a restart, not less than 'sink.transaction-timeout' ("
                        + lease.toMillis()
                        + " ms) of the exactly-once sink of stream '"
                        + sink.stream()
                        + "': after a failure, the transactions of the last checkpoint can expire"
                        + " before the restored job commits them, and their rows are lost."
                        + " Raise 'sink.transaction-timeout' or shorten the restart delay.");
    }

    /** The longest pause before a restart, empty when the job never restarts. */
    private static Optional<Duration> longestRestartDelay(ReadableConfig job) {
        String type =
                job.getOptional(RestartStrategyOptions.RESTART_STRATEGY)
                        .orElse("exponential-delay") // Flink's default with checkpointing
                        .toLowerCase(Locale.ROOT)
                        .replace("-", "");
        switch (type) {
            case "fixeddelay":
                return Optional.of(
                        job.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY));
            case "failurerate":
                return Optional.of(
                        job.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY));
            case "exponentialdelay":
                Duration max =
                        job.get(
                                RestartStrategyOptions
                                        .RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF);
                double jitter =
                        job.get(
                                RestartStrategyOptions
                                        .RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR);
                return Optional.of(Duration.ofMillis((long) (max.toMillis() * (1 + jitter))));
            default: // none, off, disable
                return Optional.empty();
        }
    }
}
