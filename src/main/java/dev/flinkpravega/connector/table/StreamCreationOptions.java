package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.table.PravegaConnectorOptions.STREAM_CREATE_IF_MISSING;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.STREAM_POLICY_OPTIONS;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.STREAM_RETENTION_POLICY;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.STREAM_RETENTION_SIZE;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.STREAM_RETENTION_TIME;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.STREAM_SCALING_MIN_SEGMENTS;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.STREAM_SCALING_POLICY;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.STREAM_SCALING_SCALE_FACTOR;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.STREAM_SCALING_TARGET_RATE;

import dev.flinkpravega.connector.config.StreamPolicy;
import dev.flinkpravega.connector.config.StreamPolicy.Retention;
import dev.flinkpravega.connector.config.StreamPolicy.Scaling;
import java.time.Duration;
import javax.annotation.Nullable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

/**
 * The {@code stream.*} options, which source, sink and the Pravega catalog share: whether missing
 * streams are created, and the {@link StreamPolicy} (scaling and retention) they are created with.
 */
public final class StreamCreationOptions {
    private StreamCreationOptions() {}

    static boolean createIfMissing(ReadableConfig options) {
        return OptionValues.typed(options, STREAM_CREATE_IF_MISSING, "'true' or 'false'");
    }

    static int minSegments(ReadableConfig options) {
        int segments = OptionValues.typed(options, STREAM_SCALING_MIN_SEGMENTS, "a whole number");
        if (segments < 1) {
            throw OptionValues.invalid(
                    STREAM_SCALING_MIN_SEGMENTS, String.valueOf(segments), "it must be at least 1");
        }
        return segments;
    }

    /**
     * The policy the options ask for, checked; null when they set none of the policy options (then
     * streams are created with {@link StreamPolicy#DEFAULT} and existing ones are not compared).
     *
     * @throws ValidationException naming the key and its valid values, for a bad value or a
     *     combination that cannot apply (a target rate with 'fixed', a retention time without
     *     'time', ...)
     */
    @Nullable
    public static StreamPolicy requestedPolicy(ReadableConfig options) {
        StreamPolicy policy = policy(options);
        boolean given = STREAM_POLICY_OPTIONS.stream().anyMatch(o -> isSet(options, o));
        return given ? policy : null;
    }

    /** The policy the options give, {@link StreamPolicy#DEFAULT} when they set none; checked. */
    public static StreamPolicy policy(ReadableConfig options) {
        int minSegments = minSegments(options);
        Scaling scaling = OptionValues.enumValue(options, STREAM_SCALING_POLICY, Scaling.values());
        StreamPolicy policy;
        if (scaling == Scaling.FIXED) {
            onlyWith(options, STREAM_SCALING_TARGET_RATE, STREAM_SCALING_POLICY, byRate());
            onlyWith(options, STREAM_SCALING_SCALE_FACTOR, STREAM_SCALING_POLICY, byRate());
            policy = StreamPolicy.fixed(minSegments);
        } else {
            int targetRate = targetRate(options, scaling);
            int scaleFactor =
                    OptionValues.typed(options, STREAM_SCALING_SCALE_FACTOR, "a whole number");
            if (scaleFactor < 2) {
                throw OptionValues.invalid(
                        STREAM_SCALING_SCALE_FACTOR,
                        String.valueOf(scaleFactor),
                        "it must be at least 2: a split divides one segment into this many");
            }
            policy =
                    scaling == Scaling.BY_EVENT_RATE
                            ? StreamPolicy.byEventRate(targetRate, scaleFactor, minSegments)
                            : StreamPolicy.byDataRate(targetRate, scaleFactor, minSegments);
        }

        Retention retention =
                OptionValues.enumValue(options, STREAM_RETENTION_POLICY, Retention.values());
        if (retention != Retention.TIME) {
            onlyWith(options, STREAM_RETENTION_TIME, STREAM_RETENTION_POLICY, "'time'");
        }
        if (retention != Retention.SIZE) {
            onlyWith(options, STREAM_RETENTION_SIZE, STREAM_RETENTION_POLICY, "'size'");
        }
        switch (retention) {
            case TIME:
                return policy.withRetentionTime(retentionTime(options));
            case SIZE:
                return policy.withRetentionSize(retentionSize(options));
            default:
                return policy;
        }
    }

    private static int targetRate(ReadableConfig options, Scaling scaling) {
        String unit =
                scaling == Scaling.BY_EVENT_RATE
                        ? "events per second per segment"
                        : "KiB per second per segment";
        if (!isSet(options, STREAM_SCALING_TARGET_RATE)) {
            throw needs(
                    STREAM_SCALING_POLICY,
                    scaling.toString(),
                    STREAM_SCALING_TARGET_RATE,
                    unit + ", a whole number of at least 1");
        }
        int rate = OptionValues.typed(options, STREAM_SCALING_TARGET_RATE, "a whole number");
        if (rate < 1) {
            throw OptionValues.invalid(
                    STREAM_SCALING_TARGET_RATE,
                    String.valueOf(rate),
                    "it must be at least 1 (" + unit + ")");
        }
        return rate;
    }

    private static Duration retentionTime(ReadableConfig options) {
        if (!isSet(options, STREAM_RETENTION_TIME)) {
            throw needs(
                    STREAM_RETENTION_POLICY,
                    Retention.TIME.toString(),
                    STREAM_RETENTION_TIME,
                    "how long events are kept, e.g. '7 d'");
        }
        return OptionValues.positive(options, STREAM_RETENTION_TIME);
    }

    private static MemorySize retentionSize(ReadableConfig options) {
        if (!isSet(options, STREAM_RETENTION_SIZE)) {
            throw needs(
                    STREAM_RETENTION_POLICY,
                    Retention.SIZE.toString(),
                    STREAM_RETENTION_SIZE,
                    "how much the stream keeps, e.g. '10 gb'");
        }
        MemorySize size =
                OptionValues.typed(
                        options, STREAM_RETENTION_SIZE, "a size such as '512 mb' or '10 gb'");
        if (size.getBytes() < 1) {
            throw OptionValues.invalid(
                    STREAM_RETENTION_SIZE, size.toString(), "it must be at least '1 b'");
        }
        return size;
    }

    /** Whether the option is given, with a value that parses or not. */
    private static boolean isSet(ReadableConfig options, ConfigOption<?> option) {
        try {
            return options.getOptional(option).isPresent();
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static String byRate() {
        return "'" + Scaling.BY_EVENT_RATE + "' or '" + Scaling.BY_DATA_RATE + "'";
    }

    /** {@code option} set although {@code modeOption} is not one of {@code modeValues}. */
    private static void onlyWith(
            ReadableConfig options,
            ConfigOption<?> option,
            ConfigOption<?> modeOption,
            String modeValues) {
        if (isSet(options, option)) {
            throw new ValidationException(
                    "Option '"
                            + option.key()
                            + "' is only used with '"
                            + modeOption.key()
                            + "' = "
                            + modeValues
                            + "; set such a policy or remove the option.");
        }
    }

    private static ValidationException needs(
            ConfigOption<?> modeOption, String modeValue, ConfigOption<?> option, String what) {
        return new ValidationException(
                "'"
                        + modeOption.key()
                        + "' = '"
                        + modeValue
                        + "' needs option '"
                        + option.key()
                        + "': "
                        + what
                        + ".");
    }
}
