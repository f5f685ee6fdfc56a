package dev.flinkpravega.connector.table;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.StartupMode;
import dev.flinkpravega.connector.config.StreamPolicy;
import dev.flinkpravega.connector.sink.OnLostTransaction;
import dev.flinkpravega.connector.sink.PravegaSinkConfig;
import dev.flinkpravega.connector.source.PravegaSourceConfig;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * Every option of the {@code 'connector' = 'pravega'} table connector. The README's options table
 * is generated from this class.
 */
public final class PravegaConnectorOptions {
    private PravegaConnectorOptions() {}

    // ---------------------------------------------------------------- connection

    public static final ConfigOption<String> CONTROLLER_URI =
            ConfigOptions.key("controller-uri")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "URI of the Pravega controller: 'tcp://host:port', or"
                                    + " 'tls://host:port' for TLS.");

    public static final ConfigOption<String> SCOPE =
            ConfigOptions.key("scope")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Scope of stream names given without one; also the scope of the"
                                    + " source's reader group.");

    public static final ConfigOption<Duration> CONTROLLER_TIMEOUT =
            ConfigOptions.key("controller.timeout")
                    .durationType()
                    .defaultValue(PravegaConfig.DEFAULT_CONTROLLER_TIMEOUT)
                    .withDescription(
                            "How long a call to the controller may take (checking or creating"
                                    + " streams, reader groups, writers) before the job fails"
                                    + " with an error that names the controller URI.");

    // ---------------------------------------------------------------- source

    public static final ConfigOption<List<String>> SCAN_STREAMS =
            ConfigOptions.key("scan.streams")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Streams to read, ';'-separated; each 'stream' (in 'scope') or"
                                    + " 'scope/stream'. Required to read from the table.");

    public static final ConfigOption<StartupMode> SCAN_STARTUP_MODE =
            ConfigOptions.key("scan.startup.mode")
                    .enumType(StartupMode.class)
                    .defaultValue(StartupMode.EARLIEST)
                    .withDescription("Where to start reading when there is no state to restore.");

    public static final ConfigOption<List<String>> SCAN_STARTUP_STREAM_CUTS =
            ConfigOptions.key("scan.startup.stream-cuts")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Base64 stream cuts to start from, ';'-separated, one per stream of"
                                    + " 'scan.streams' in the same order. Only with"
                                    + " 'scan.startup.mode' = 'stream-cut'.");

    public static final ConfigOption<BoundedMode> SCAN_BOUNDED_MODE =
            ConfigOptions.key("scan.bounded.mode")
                    .enumType(BoundedMode.class)
                    .defaultValue(BoundedMode.UNBOUNDED)
                    .withDescription(
                            "Where to stop reading. Anything but 'unbounded' makes the source"
                                    + " bounded, so it also runs in batch mode.");

    public static final ConfigOption<List<String>> SCAN_BOUNDED_STREAM_CUTS =
            ConfigOptions.key("scan.bounded.stream-cuts")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Base64 stream cuts to stop at, ';'-separated, one per stream of"
                                    + " 'scan.streams' in the same order. Only with"
                                    + " 'scan.bounded.mode' = 'stream-cut'.");

    public static final ConfigOption<String> SCAN_READER_GROUP_NAME =
            ConfigOptions.key("scan.reader-group.name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Name of the Pravega reader group the source creates in 'scope'."
                                    + " By default a new random name for every source, so two"
                                    + " sources never share one. The group is deleted when the"
                                    + " job ends.");

    public static final ConfigOption<Duration> SCAN_READER_GROUP_REFRESH_INTERVAL =
            ConfigOptions.key("scan.reader-group.refresh-interval")
                    .durationType()
                    .defaultValue(PravegaSourceConfig.DEFAULT_READER_GROUP_REFRESH)
                    .withDescription(
                            "How often readers refresh the reader group's state (segments to"
                                    + " acquire after scaling or when readers join).");

    public static final ConfigOption<Duration> SCAN_EVENT_READ_TIMEOUT =
            ConfigOptions.key("scan.event-read.timeout")
                    .durationType()
                    .defaultValue(PravegaSourceConfig.DEFAULT_EVENT_READ_TIMEOUT)
                    .withDescription(
                            "How long one read waits for an event when the stream is idle."
                                    + " Events are read as soon as they arrive either way.");

    public static final ConfigOption<Duration> SCAN_CHECKPOINT_TIMEOUT =
            ConfigOptions.key("scan.checkpoint.timeout")
                    .durationType()
                    .defaultValue(PravegaSourceConfig.DEFAULT_CHECKPOINT_TIMEOUT)
                    .withDescription(
                            "How long the Pravega reader-group checkpoint behind a Flink"
                                    + " checkpoint may take before that Flink checkpoint fails.");

    public static final ConfigOption<Integer> SCAN_CHECKPOINT_TOLERABLE_TIMEOUTS =
            ConfigOptions.key("scan.checkpoint.tolerable-timeouts")
                    .intType()
                    .defaultValue(PravegaSourceConfig.DEFAULT_TOLERABLE_CHECKPOINT_TIMEOUTS)
                    .withDescription(
                            "How many Flink checkpoints in a row may fail because their"
                                    + " reader-group checkpoint took longer than"
                                    + " 'scan.checkpoint.timeout'; the next such failure fails"
                                    + " the job. Flink does not count these failures against"
                                    + " 'execution.checkpointing.tolerable-failed-checkpoints'."
                                    + " A completed checkpoint resets the count.");

    public static final ConfigOption<Integer> SCAN_READER_GROUP_MAX_OUTSTANDING_CHECKPOINT_REQUEST =
            ConfigOptions.key("scan.reader-group.max-outstanding-checkpoint-request")
                    .intType()
                    .defaultValue(PravegaSourceConfig.DEFAULT_MAX_OUTSTANDING_CHECKPOINT_REQUESTS)
                    .withDescription(
                            "How many reader-group checkpoints may be outstanding at once"
                                    + " (Pravega's 'maxOutstandingCheckpointRequest'); Pravega"
                                    + " refuses more. At least 2: a Flink checkpoint and one of"
                                    + " the source's internal checkpoints (bounded ends, scaled"
                                    + " streams) may overlap.");

    public static final ConfigOption<Boolean> SCAN_PRAVEGA_METRICS =
            ConfigOptions.key("scan.pravega-metrics")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Whether the source registers its Pravega metrics (reader group"
                                    + " gauges, 'pendingBytes'). Flink's own source metrics"
                                    + " stay either way.");

    public static final ConfigOption<Integer> SCAN_PARALLELISM = FactoryUtil.SOURCE_PARALLELISM;

    // ---------------------------------------------------------------- sink

    public static final ConfigOption<String> SINK_STREAM =
            ConfigOptions.key("sink.stream")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Stream to write: 'stream' (in 'scope') or 'scope/stream'. Required to"
                                    + " write to the table.");

    public static final ConfigOption<DeliveryGuarantee> SINK_DELIVERY_GUARANTEE =
            ConfigOptions.key("sink.delivery-guarantee")
                    .enumType(DeliveryGuarantee.class)
                    .defaultValue(DeliveryGuarantee.AT_LEAST_ONCE)
                    .withDescription(
                            "'at-least-once' waits at every checkpoint until all events are"
                                    + " durable; 'none' only at the end of input;"
                                    + " 'exactly-once' writes the events between two"
                                    + " checkpoints in one Pravega transaction per subtask and"
                                    + " commits it when the checkpoint completes (needs"
                                    + " checkpointing).");

    public static final ConfigOption<Duration> SINK_TRANSACTION_TIMEOUT =
            ConfigOptions.key("sink.transaction-timeout")
                    .durationType()
                    .defaultValue(PravegaSinkConfig.DEFAULT_TRANSACTION_TIMEOUT)
                    .withDescription(
                            "With 'exactly-once': the lease of the sink's Pravega transactions,"
                                    + " how long Pravega keeps a transaction open that nobody"
                                    + " renews. Running writers renew theirs, so it does not"
                                    + " limit the checkpoint interval; it bounds the time from a"
                                    + " writer's failure until the restored job commits (restart"
                                    + " delay plus restore), or that checkpoint's rows are lost"
                                    + " (see 'sink.on-lost-transaction'). At least 10 s; the"
                                    + " default is the longest a default Pravega controller"
                                    + " grants.");

    public static final ConfigOption<OnLostTransaction> SINK_ON_LOST_TRANSACTION =
            ConfigOptions.key("sink.on-lost-transaction")
                    .enumType(OnLostTransaction.class)
                    .defaultValue(OnLostTransaction.CONTINUE)
                    .withDescription(
                            "With 'exactly-once': what happens when a restored job finds a"
                                    + " transaction of a completed checkpoint aborted (its lease"
                                    + " ran out before the restore committed it; its rows are"
                                    + " lost). 'continue' logs an ERROR naming the transaction,"
                                    + " the stream and the checkpoint, counts it in the"
                                    + " committer's 'numLostTransactions' metric and goes on;"
                                    + " 'fail' fails the job without restarts.");

    public static final ConfigOption<List<String>> SINK_ROUTING_KEY_FIELDS =
            ConfigOptions.key("sink.routing-key.fields")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription(
                            "Columns whose values form the routing key, ';'-separated. Rows with"
                                    + " equal keys stay in order. Values are joined with ',';"
                                    + " NULL counts as the empty string. Without it (and without"
                                    + " a 'routing-key' metadata column) events spread at"
                                    + " random.");

    public static final ConfigOption<MemorySize> SINK_BATCH_SIZE =
            ConfigOptions.key("sink.batch.size")
                    .memoryType()
                    .defaultValue(PravegaSinkConfig.DEFAULT_BATCH_SIZE)
                    .withDescription(
                            "With 'none' and 'at-least-once', while Pravega is behind (more than"
                                    + " 256 events unacknowledged): events are written to it in"
                                    + " batches of up to this many bytes, one batch per routing"
                                    + " key (readers still see single events; order per key is"
                                    + " kept). At most '8 mb'. Not with 'exactly-once': Pravega"
                                    + " transactions take events one at a time.");

    public static final ConfigOption<Duration> SINK_BATCH_LINGER =
            ConfigOptions.key("sink.batch.linger")
                    .durationType()
                    .defaultValue(PravegaSinkConfig.DEFAULT_BATCH_LINGER)
                    .withDescription(
                            "With 'none' and 'at-least-once': the longest an event waits for its"
                                    + " batch to fill before it is written (a checkpoint writes"
                                    + " it at once). '0 ms' turns batching off. Not with"
                                    + " 'exactly-once'.");

    public static final ConfigOption<Boolean> SINK_WATERMARK_PROPAGATION =
            ConfigOptions.key("sink.watermark-propagation")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Whether the writer notes Flink's watermark in Pravega as the"
                                    + " writer's time ('noteTime' with 'none' and"
                                    + " 'at-least-once', the commit time of each transaction"
                                    + " with 'exactly-once'), so that Pravega gives the"
                                    + " stream's readers time windows across its segments.");

    public static final ConfigOption<Boolean> SINK_PRAVEGA_METRICS =
            ConfigOptions.key("sink.pravega-metrics")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Whether the sink registers its Pravega metrics (transactions begun,"
                                    + " committed and aborted, pending events). Flink's own"
                                    + " sink metrics stay either way.");

    public static final ConfigOption<Integer> SINK_PARALLELISM = FactoryUtil.SINK_PARALLELISM;

    // ---------------------------------------------------------------- streams

    public static final ConfigOption<Boolean> STREAM_CREATE_IF_MISSING =
            ConfigOptions.key("stream.create-if-missing")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Create missing scopes and streams before reading or writing."
                                    + " Otherwise a missing one fails the job with its name.");

    public static final ConfigOption<StreamPolicy.Scaling> STREAM_SCALING_POLICY =
            ConfigOptions.key("stream.scaling.policy")
                    .enumType(StreamPolicy.Scaling.class)
                    .defaultValue(StreamPolicy.Scaling.FIXED)
                    .withDescription(
                            "Scaling policy of the streams the connector or a Pravega catalog"
                                    + " creates. An existing stream keeps its own (a warning"
                                    + " says so when it differs); ALTER TABLE in a Pravega"
                                    + " catalog changes it.");

    public static final ConfigOption<Integer> STREAM_SCALING_TARGET_RATE =
            ConfigOptions.key("stream.scaling.target-rate")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Events per second per segment ('by-event-rate') or KiB per second"
                                    + " per segment ('by-data-rate') above which Pravega splits"
                                    + " a segment. Required with those policies, refused with"
                                    + " 'fixed'.");

    public static final ConfigOption<Integer> STREAM_SCALING_SCALE_FACTOR =
            ConfigOptions.key("stream.scaling.scale-factor")
                    .intType()
                    .defaultValue(StreamPolicy.DEFAULT_SCALE_FACTOR)
                    .withDescription(
                            "With 'by-event-rate' and 'by-data-rate': into how many segments a"
                                    + " split divides one; at least 2. Refused with 'fixed'.");

    public static final ConfigOption<Integer> STREAM_SCALING_MIN_SEGMENTS =
            ConfigOptions.key("stream.scaling.min-segments")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "Segments of the streams the connector or catalog creates: the"
                                    + " number with 'fixed', else the minimum and initial"
                                    + " number.");

    public static final ConfigOption<StreamPolicy.Retention> STREAM_RETENTION_POLICY =
            ConfigOptions.key("stream.retention.policy")
                    .enumType(StreamPolicy.Retention.class)
                    .defaultValue(StreamPolicy.Retention.NONE)
                    .withDescription(
                            "Retention policy of the streams the connector or a Pravega catalog"
                                    + " creates; like the scaling policy, never applied to an"
                                    + " existing stream.");

    public static final ConfigOption<Duration> STREAM_RETENTION_TIME =
            ConfigOptions.key("stream.retention.time")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "With 'stream.retention.policy' = 'time' (and only then): how long"
                                    + " events are kept, e.g. '7 d'.");

    public static final ConfigOption<MemorySize> STREAM_RETENTION_SIZE =
            ConfigOptions.key("stream.retention.size")
                    .memoryType()
                    .noDefaultValue()
                    .withDescription(
                            "With 'stream.retention.policy' = 'size' (and only then): how much"
                                    + " a stream keeps, e.g. '10 gb'; the oldest events go"
                                    + " first.");

    /** Every option of a created stream's policy; one of them set asks for a policy. */
    static final List<ConfigOption<?>> STREAM_POLICY_OPTIONS =
            List.of(
                    STREAM_SCALING_POLICY,
                    STREAM_SCALING_TARGET_RATE,
                    STREAM_SCALING_SCALE_FACTOR,
                    STREAM_SCALING_MIN_SEGMENTS,
                    STREAM_RETENTION_POLICY,
                    STREAM_RETENTION_TIME,
                    STREAM_RETENTION_SIZE);

    // ---------------------------------------------------------------- security

    public static final ConfigOption<String> SECURITY_USERNAME =
            ConfigOptions.key("security.username")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "User name for basic authentication; needs 'security.password'.");

    public static final ConfigOption<String> SECURITY_PASSWORD =
            ConfigOptions.key("security.password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Password for basic authentication; needs 'security.username'."
                                    + " Never logged or shown.");

    public static final ConfigOption<String> SECURITY_AUTH_TYPE =
            ConfigOptions.key("security.auth-type")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Custom authentication type of the controller's auth plugin; needs"
                                    + " 'security.auth-token'.");

    public static final ConfigOption<String> SECURITY_AUTH_TOKEN =
            ConfigOptions.key("security.auth-token")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Token of the custom authentication type; needs"
                                    + " 'security.auth-type'. Never logged or shown.");

    public static final ConfigOption<String> SECURITY_TRUST_STORE =
            ConfigOptions.key("security.trust-store")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Path of the trust store (CA certificate) for 'tls://' controller"
                                    + " URIs; the JVM's default trust store when not set.");

    public static final ConfigOption<Boolean> SECURITY_VALIDATE_HOSTNAME =
            ConfigOptions.key("security.validate-hostname")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Whether TLS checks that the server's certificate names its host.");

    /** Every {@code security.*} option, for the factories of tables and of the catalog. */
    public static final List<ConfigOption<?>> SECURITY_OPTIONS =
            List.of(
                    SECURITY_USERNAME,
                    SECURITY_PASSWORD,
                    SECURITY_AUTH_TYPE,
                    SECURITY_AUTH_TOKEN,
                    SECURITY_TRUST_STORE,
                    SECURITY_VALIDATE_HOSTNAME);
}
