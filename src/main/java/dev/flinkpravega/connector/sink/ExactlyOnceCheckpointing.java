package dev.flinkpravega.connector.sink;

import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.CheckpointConfig;

/**
 * Refuses a job whose checkpointing cannot keep exactly-once's promise: its transactions are
 * committed when a checkpoint completes, so checkpoints must be on and come more often than a
 * transaction times out.
 *
 * <p>{@link PravegaSink#addPreWriteTopology} calls it: that is the one point where a Sink V2 sees
 * the job's checkpoint settings before the job runs. The sink is built without them ({@code
 * PravegaSinkBuilder}, the table factory), and its writers never see them ({@code
 * WriterInitContext} has no checkpoint settings; failing there would also restart the job again and
 * again instead of refusing it once).
 */
final class ExactlyOnceCheckpointing {
    private ExactlyOnceCheckpointing() {}

    /**
     * @throws IllegalStateException for exactly-once without checkpointing, or with a checkpoint
     *     interval not shorter than {@code 'sink.transaction-timeout'}
     */
    static void check(PravegaSinkConfig sink, CheckpointConfig checkpoints) {
        if (sink.deliveryGuarantee() != DeliveryGuarantee.EXACTLY_ONCE) {
            return;
        }
        if (!checkpoints.isCheckpointingEnabled()) {
            throw new IllegalStateException(
                    "'sink.delivery-guarantee' = 'exactly-once' needs checkpointing: Pravega"
                            + " transactions are committed when a checkpoint completes. Set"
                            + " 'execution.checkpointing.interval', or use 'at-least-once'.");
        }
        long interval = checkpoints.getCheckpointInterval();
        Duration transactionTimeout = sink.transactionTimeout();
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
