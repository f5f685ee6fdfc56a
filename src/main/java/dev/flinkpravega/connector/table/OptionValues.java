package dev.flinkpravega.connector.table;

import dev.flinkpravega.connector.config.StreamRef;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

/**
 * Reads single option values and words the failures: every message quotes the option key and says
 * what a valid value looks like. The connection, scan and sink validators are built on it.
 */
final class OptionValues {
    private OptionValues() {}

    static String required(ReadableConfig options, ConfigOption<String> option, String why) {
        return options.getOptional(option)
                .filter(v -> !v.trim().isEmpty())
                .orElseThrow(
                        () ->
                                new ValidationException(
                                        "Option '" + option.key() + "' is required " + why + "."));
    }

    /**
     * Reads a boolean, number or other typed option; a value that does not parse fails with the key
     * and {@code expected}. (The table factory's own check catches this first; the catalog, which
     * validates options without it, relies on this.)
     */
    static <T> T typed(ReadableConfig options, ConfigOption<T> option, String expected) {
        try {
            return options.get(option);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    "Invalid value for option '" + option.key() + "': use " + expected + ".", e);
        }
    }

    /**
     * An optional text option; present but blank fails. The value is never quoted, since it may be
     * a secret.
     */
    static Optional<String> nonBlank(ReadableConfig options, ConfigOption<String> option) {
        Optional<String> value = options.getOptional(option);
        if (value.isPresent() && value.get().trim().isEmpty()) {
            throw new ValidationException(
                    "Option '" + option.key() + "' is blank: give a value or remove the option.");
        }
        return value;
    }

    /** Reads an enum option; a bad value lists the valid ones. */
    static <E extends Enum<E>> E enumValue(
            ReadableConfig options, ConfigOption<E> option, E[] values) {
        try {
            return options.get(option);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    "Invalid value for option '"
                            + option.key()
                            + "'. Valid values: "
                            + quoted(
                                    Arrays.stream(values)
                                            .map(Object::toString)
                                            .collect(Collectors.toList()))
                            + ".",
                    e);
        }
    }

    static Duration positive(ReadableConfig options, ConfigOption<Duration> option) {
        Duration value = duration(options, option);
        if (value.isNegative() || value.isZero()) {
            throw invalid(option, value.toString(), "it must be a positive duration");
        }
        return value;
    }

    static Duration duration(ReadableConfig options, ConfigOption<Duration> option) {
        return typed(options, option, "a duration such as '30 s' or '500 ms'");
    }

    /** {@code name} as a stream of the default scope, or {@code scope/stream}. */
    static StreamRef stream(ConfigOption<?> option, String name, String defaultScope) {
        try {
            return StreamRef.parse(name, defaultScope);
        } catch (IllegalArgumentException e) {
            throw invalid(option, name, e.getMessage());
        }
    }

    /** Fails with the option's key when {@code name} is not a valid Pravega {@code what} name. */
    static void checkName(ConfigOption<?> option, String what, String name) {
        try {
            StreamRef.checkName(what, name);
        } catch (IllegalArgumentException e) {
            throw invalid(option, name, e.getMessage());
        }
    }

    static ValidationException invalid(ConfigOption<?> option, String value, String why) {
        return new ValidationException(
                "Invalid value '" + value + "' for option '" + option.key() + "': " + why + ".");
    }

    static String quoted(List<String> values) {
        return values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "));
    }
}
