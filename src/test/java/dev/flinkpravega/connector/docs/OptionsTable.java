package dev.flinkpravega.connector.docs;

import dev.flinkpravega.connector.table.LegacyOptions;
import dev.flinkpravega.connector.table.PravegaConnectorOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;

/**
 * Renders the README's "Connector options" table from the {@link ConfigOption} fields of an options
 * class (normally {@link PravegaConnectorOptions}), in declaration order.
 *
 * <p>Run {@code mvn -q test -Dtest=ReadmeOptionsTableTest -Dregenerate=true} to rewrite the README
 * section.
 */
public final class OptionsTable {
    private OptionsTable() {}

    /** The 'Required' cell of options that are not simply 'no'. */
    private static final Map<String, String> REQUIRED =
            Map.of(
                    "controller-uri", "yes",
                    "scope", "yes",
                    "scan.streams", "to read",
                    "sink.stream", "to write");

    /** Our own descriptions for options we take over from Flink's {@code FactoryUtil}. */
    private static final Map<String, String> DESCRIPTIONS =
            Map.of(
                    "scan.parallelism",
                    "Parallelism of the source; the job's default when not set.",
                    "sink.parallelism",
                    "Parallelism of the sink; the job's default when not set.");

    /** Rows that are not fields of the options class; they come first. */
    private static final List<List<String>> FIXED_ROWS =
            List.of(
                    List.of("`connector`", "yes", "", "String", "Must be 'pravega'."),
                    List.of(
                            "`format`",
                            "yes",
                            "",
                            "String",
                            "Format of the events, e.g. 'json', 'csv', 'avro' or 'raw'; its own"
                                    + " options are prefixed with its name, e.g."
                                    + " 'json.ignore-parse-errors'."));

    /** The Markdown table of every public static final {@link ConfigOption} of the class. */
    static String markdown(Class<?> optionsClass) {
        StringBuilder out = new StringBuilder();
        row(out, List.of("Option", "Required", "Default", "Type", "Description"));
        out.append("|---|---|---|---|---|\n");
        for (List<String> fixed : FIXED_ROWS) {
            row(out, fixed);
        }
        for (Field field : optionsClass.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (!Modifier.isPublic(modifiers)
                    || !Modifier.isStatic(modifiers)
                    || !Modifier.isFinal(modifiers)
                    || !ConfigOption.class.isAssignableFrom(field.getType())) {
                continue;
            }
            ConfigOption<?> option;
            try {
                option = (ConfigOption<?>) field.get(null);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("Cannot read " + field, e);
            }
            String key = option.key();
            row(
                    out,
                    List.of(
                            "`" + key + "`",
                            REQUIRED.getOrDefault(key, "no"),
                            option.hasDefaultValue() ? value(option.defaultValue()) : "",
                            // '<' and '>' as entities, else Markdown renderers
                            // take "List<String>" for an HTML tag.
                            type(field).replace("<", "&lt;").replace(">", "&gt;"),
                            DESCRIPTIONS.getOrDefault(
                                            key, new HtmlFormatter().format(option.description()))
                                    + LegacyOptions.olderKeyOf(key)
                                            .map(old -> " Older connector's key: '" + old + "'.")
                                            .orElse("")));
        }
        return out.toString().trim();
    }

    private static void row(StringBuilder out, List<String> cells) {
        out.append('|');
        for (int i = 0; i < cells.size(); i++) {
            out.append(' ').append(escape(cells.get(i))).append(" |");
        }
        out.append('\n');
    }

    private static String escape(String cell) {
        return cell.replace("\r", "").replace("\n", " ").replace("|", "\\|");
    }

    private static String value(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Duration) {
            return TimeUtils.formatWithHighestUnit((Duration) value);
        }
        if (value instanceof Collection) {
            return ((Collection<?>) value)
                    .stream().map(OptionsTable::value).collect(Collectors.joining(";"));
        }
        return value.toString();
    }

    /** The option's value type, from the field's generic type {@code ConfigOption<T>}. */
    private static String type(Field field) {
        Type generic = field.getGenericType();
        if (!(generic instanceof ParameterizedType)) {
            throw new IllegalStateException("Raw ConfigOption field: " + field);
        }
        return typeName(((ParameterizedType) generic).getActualTypeArguments()[0]);
    }

    private static String typeName(Type type) {
        if (type instanceof ParameterizedType) {
            ParameterizedType parameterized = (ParameterizedType) type;
            String raw = ((Class<?>) parameterized.getRawType()).getSimpleName();
            return raw
                    + "<"
                    + Arrays.stream(parameterized.getActualTypeArguments())
                            .map(OptionsTable::typeName)
                            .collect(Collectors.joining(", "))
                    + ">";
        }
        Class<?> clazz = (Class<?>) type;
        if (clazz.isEnum()) {
            return "Enum: "
                    + Arrays.stream(clazz.getEnumConstants())
                            .map(Object::toString)
                            .collect(Collectors.joining(", "));
        }
        return clazz.getSimpleName();
    }
}
