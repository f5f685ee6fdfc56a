package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.table.PravegaConnectorOptions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DDL keys of the older Pravega connector (pravega/flink-connectors 0.13, {@code
 * PravegaOptions}), accepted as deprecated names of ours so that its tables work unchanged.
 *
 * <p>{@link #translate} rewrites them to our keys before any validator sees the options: each old
 * key logs one WARN naming its new key; an old key and its new key given together with different
 * values fail with a {@link ValidationException} quoting both. Values the older connector spelled
 * differently ({@code sink.semantic = 'best-effort'}, {@code scan.execution.type = 'batch'}) are
 * translated; anything else keeps its text, so our validators check and word it.
 */
public final class LegacyOptions {
    private static final Logger LOG = LoggerFactory.getLogger(LegacyOptions.class);

    private LegacyOptions() {}

    /** One key of the older connector: what it becomes, for the docs and the options table. */
    public static final class LegacyKey {
        public final String oldKey;
        public final String newKey;
        public final String meaning;

        LegacyKey(String oldKey, String newKey, String meaning) {
            this.oldKey = oldKey;
            this.newKey = newKey;
            this.meaning = meaning;
        }
    }

    static final String EXECUTION_TYPE = "scan.execution.type";
    static final String START_STREAMCUTS = "scan.start-streamcuts";
    static final String END_STREAMCUTS = "scan.end-streamcuts";
    static final String REFRESH_INTERVAL = "scan.reader-group.refresh.interval";
    static final String EVENT_READ_TIMEOUT = "scan.event-read.timeout.interval";
    static final String CHECKPOINT_INITIATE_TIMEOUT =
            "scan.reader-group.checkpoint-initiate-timeout.interval";
    static final String UID = "scan.uid";
    static final String SEMANTIC = "sink.semantic";
    static final String ROUTING_KEY_FIELD = "sink.routing-key.field.name";
    static final String TXN_LEASE_RENEWAL = "sink.txn-lease-renewal.interval";
    static final String WATERMARK_PROPAGATION = "sink.enable.watermark-propagation";

    /** In the order of the older connector's documentation. */
    public static final List<LegacyKey> KEYS =
            Collections.unmodifiableList(
                    List.of(
                            new LegacyKey(
                                    EXECUTION_TYPE,
                                    SCAN_BOUNDED_MODE.key(),
                                    "'streaming' (the default): nothing changes; 'batch':"
                                            + " 'scan.bounded.mode' = 'latest' (the tail when"
                                            + " the job starts), or 'stream-cut' when"
                                            + " 'scan.end-streamcuts' is given."),
                            new LegacyKey(
                                    START_STREAMCUTS,
                                    SCAN_STARTUP_STREAM_CUTS.key(),
                                    "Same value; implies 'scan.startup.mode' = 'stream-cut'."),
                            new LegacyKey(
                                    END_STREAMCUTS,
                                    SCAN_BOUNDED_STREAM_CUTS.key(),
                                    "Same value; implies 'scan.bounded.mode' = 'stream-cut'."),
                            new LegacyKey(
                                    REFRESH_INTERVAL,
                                    SCAN_READER_GROUP_REFRESH_INTERVAL.key(),
                                    "Same value."),
                            new LegacyKey(
                                    EVENT_READ_TIMEOUT,
                                    SCAN_EVENT_READ_TIMEOUT.key(),
                                    "Same value."),
                            new LegacyKey(
                                    CHECKPOINT_INITIATE_TIMEOUT,
                                    SCAN_CHECKPOINT_TIMEOUT.key(),
                                    "Same value: how long the reader-group checkpoint behind a"
                                            + " Flink checkpoint may take (the older default was"
                                            + " 5 s, ours is 5 min)."),
                            new LegacyKey(
                                    UID,
                                    "",
                                    "Accepted and ignored with a WARN: in SQL the planner sets"
                                            + " the operators' uids."),
                            new LegacyKey(
                                    SEMANTIC,
                                    SINK_DELIVERY_GUARANTEE.key(),
                                    "'best-effort' becomes 'none'; 'at-least-once' and"
                                            + " 'exactly-once' stay."),
                            new LegacyKey(
                                    ROUTING_KEY_FIELD,
                                    SINK_ROUTING_KEY_FIELDS.key(),
                                    "Same value (one column)."),
                            new LegacyKey(
                                    TXN_LEASE_RENEWAL,
                                    SINK_TRANSACTION_TIMEOUT.key(),
                                    "The older connector passed it to Pravega as the"
                                            + " transaction lease, as ours does; with"
                                            + " 'exactly-once' it becomes"
                                            + " 'sink.transaction-timeout', otherwise it is"
                                            + " ignored with a WARN (there are no"
                                            + " transactions)."),
                            new LegacyKey(
                                    WATERMARK_PROPAGATION,
                                    SINK_WATERMARK_PROPAGATION.key(),
                                    "Same value.")));

    /**
     * The old keys as options of the factory, as text: only their presence makes the factory accept
     * them; {@link #translate} reads and checks the values.
     */
    public static Set<ConfigOption<?>> options() {
        return KEYS.stream()
                .map(k -> ConfigOptions.key(k.oldKey).stringType().noDefaultValue())
                .collect(Collectors.toSet());
    }

    /** The old key that maps to {@code newKey}, if any (the options table lists it). */
    public static Optional<String> olderKeyOf(String newKey) {
        return KEYS.stream().filter(k -> k.newKey.equals(newKey)).map(k -> k.oldKey).findFirst();
    }

    /** {@code options} with every old key replaced by our key(s); the same object without any. */
    public static ReadableConfig translate(ReadableConfig options) {
        Map<String, String> given = options.toMap();
        if (KEYS.stream().noneMatch(k -> given.containsKey(k.oldKey))) {
            return options;
        }
        Map<String, String> out = new LinkedHashMap<>(given);
        Translation t = new Translation(given, out);

        t.rename(START_STREAMCUTS, SCAN_STARTUP_STREAM_CUTS);
        t.implied(START_STREAMCUTS, SCAN_STARTUP_MODE, "stream-cut");
        t.rename(END_STREAMCUTS, SCAN_BOUNDED_STREAM_CUTS);
        t.implied(END_STREAMCUTS, SCAN_BOUNDED_MODE, "stream-cut");
        t.executionType();
        t.rename(REFRESH_INTERVAL, SCAN_READER_GROUP_REFRESH_INTERVAL);
        t.rename(EVENT_READ_TIMEOUT, SCAN_EVENT_READ_TIMEOUT);
        t.rename(CHECKPOINT_INITIATE_TIMEOUT, SCAN_CHECKPOINT_TIMEOUT);
        if (out.remove(UID) != null) {
            LOG.warn(
                    "Option '{}' of the older Pravega connector is ignored: in SQL the planner"
                            + " sets the operators' uids (see 'table.exec.uid.generation').",
                    UID);
        }
        t.semantic();
        t.rename(ROUTING_KEY_FIELD, SINK_ROUTING_KEY_FIELDS);
        t.leaseRenewal();
        t.rename(WATERMARK_PROPAGATION, SINK_WATERMARK_PROPAGATION);
        return Configuration.fromMap(out);
    }

    /** One translation: reads the options as given, writes the result. */
    private static final class Translation {
        private final Map<String, String> given;
        private final Map<String, String> out;

        Translation(Map<String, String> given, Map<String, String> out) {
            this.given = given;
            this.out = out;
        }

        /** {@code oldKey}'s value under {@code option}'s key, its text unchanged. */
        void rename(String oldKey, ConfigOption<?> option) {
            String value = given.get(oldKey);
            if (value != null) {
                out.remove(oldKey);
                put(oldKey, value, option, value);
            }
        }

        /** {@code option} = {@code value} because {@code oldKey} is given. */
        void implied(String oldKey, ConfigOption<?> option, String value) {
            if (given.containsKey(oldKey)) {
                put(oldKey, given.get(oldKey), option, value);
            }
        }

        void executionType() {
            String value = given.get(EXECUTION_TYPE);
            if (value == null) {
                return;
            }
            out.remove(EXECUTION_TYPE);
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "streaming":
                    LOG.warn(
                            "Option '{}' = 'streaming' of the older Pravega connector is the"
                                    + " default here: reading is unbounded unless '{}' sets an"
                                    + " end. Remove the option.",
                            EXECUTION_TYPE,
                            SCAN_BOUNDED_MODE.key());
                    return;
                case "batch":
                    String own = out.get(SCAN_BOUNDED_MODE.key());
                    if (own != null && !own.trim().equalsIgnoreCase("unbounded")) {
                        // An end cut, or our own bounded mode: bounded already.
                        warn(EXECUTION_TYPE, "'" + SCAN_BOUNDED_MODE.key() + "' = '" + own + "'");
                    } else {
                        put(EXECUTION_TYPE, value, SCAN_BOUNDED_MODE, "latest");
                    }
                    return;
                default:
                    throw new ValidationException(
                            "Invalid value '"
                                    + value
                                    + "' for option '"
                                    + EXECUTION_TYPE
                                    + "' (of the older Pravega connector; use '"
                                    + SCAN_BOUNDED_MODE.key()
                                    + "'). Valid values: 'streaming', 'batch'.");
            }
        }

        void semantic() {
            String value = given.get(SEMANTIC);
            if (value == null) {
                return;
            }
            out.remove(SEMANTIC);
            String guarantee;
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "best-effort":
                    guarantee = "none";
                    break;
                case "at-least-once":
                case "exactly-once":
                    guarantee = value.trim().toLowerCase(Locale.ROOT);
                    break;
                default:
                    throw new ValidationException(
                            "Invalid value '"
                                    + value
                                    + "' for option '"
                                    + SEMANTIC
                                    + "' (of the older Pravega connector; use '"
                                    + SINK_DELIVERY_GUARANTEE.key()
                                    + "'). Valid values: 'best-effort', 'at-least-once',"
                                    + " 'exactly-once'.");
            }
            put(SEMANTIC, value, SINK_DELIVERY_GUARANTEE, guarantee);
        }

        /** The lease only exists with exactly-once; our own key is refused without it. */
        void leaseRenewal() {
            String value = given.get(TXN_LEASE_RENEWAL);
            if (value == null) {
                return;
            }
            out.remove(TXN_LEASE_RENEWAL);
            String guarantee = out.get(SINK_DELIVERY_GUARANTEE.key());
            if (guarantee != null && guarantee.trim().equalsIgnoreCase("exactly-once")) {
                put(TXN_LEASE_RENEWAL, value, SINK_TRANSACTION_TIMEOUT, value);
            } else {
                LOG.warn(
                        "Option '{}' of the older Pravega connector is ignored: it is the"
                                + " transaction lease ('{}'), and only '{}' = 'exactly-once'"
                                + " writes transactions.",
                        TXN_LEASE_RENEWAL,
                        SINK_TRANSACTION_TIMEOUT.key(),
                        SINK_DELIVERY_GUARANTEE.key());
            }
        }

        /**
         * Sets {@code option} to {@code value}; when the table gives the option itself, the two
         * must mean the same, compared as {@code option}'s type where both parse.
         */
        private void put(String oldKey, String oldValue, ConfigOption<?> option, String value) {
            String own = given.get(option.key());
            if (own != null && !sameValue(option, own, value)) {
                throw new ValidationException(
                        "Options '"
                                + oldKey
                                + "' = '"
                                + oldValue
                                + "' (of the older Pravega connector) and '"
                                + option.key()
                                + "' = '"
                                + own
                                + "' contradict each other; remove '"
                                + oldKey
                                + "'.");
            }
            if (own == null) {
                warn(oldKey, "'" + option.key() + "' = '" + value + "'");
            }
            out.put(option.key(), value);
        }

        private void warn(String oldKey, String becomes) {
            LOG.warn(
                    "Option '{}' is a key of the older Pravega connector; it is read as {}."
                            + " Replace it, see docs/migrating-from-pravega-flink-connectors.md.",
                    oldKey,
                    becomes);
        }
    }

    private static boolean sameValue(ConfigOption<?> option, String a, String b) {
        if (a.trim().equalsIgnoreCase(b.trim())) {
            return true;
        }
        @Nullable Object parsedA = parse(option, a);
        return parsedA != null && Objects.equals(parsedA, parse(option, b));
    }

    @Nullable
    private static Object parse(ConfigOption<?> option, String text) {
        Map<String, String> one = new HashMap<>();
        one.put(option.key(), text);
        try {
            Object value = Configuration.fromMap(one).get(option);
            return value instanceof List ? new ArrayList<>((List<?>) value) : value;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
