package dev.flinkpravega.connector.sink;

import java.time.Duration;
import org.apache.flink.streaming.api.environment.CheckpointConfig;

/** What exactly-once needs from the job, checked when the job is built. */
final class ExactlyOnceChecks {
    private ExactlyOnceChecks() {}

    static void check(CheckpointConfig checkpoints, Duration transactionTimeout) {
        if (!checkpoints.isCheckpointingEnabled()) {
            throw new IllegalStateException(
                    "'sink.delivery-guarantee' = 'exactly-once' needs checkpointing: Pravega"
                            + " transactions are committed when a checkpoint completes. Set"
                            + " 'execution.checkpointing.interval', or use 'at-least-once'.");
        }
        long interval = checkpoints.getCheckpointInterval();
        if (interval >= transactionTimeout.toMillis()) {
            throw new IllegalStateException(
                    "'sink.transaction-timeout' ("
                            + transactionTimeout.toMillis()
                            + " ms) must be longer than the checkpoint interval ("
                            + interval
                            + " ms), or transactions expire before they are committed and rows"
                            + " are lost.");
        }
    }
}
