package dev.flinkpravega.connector.examples;

import dev.flinkpravega.connector.testutils.SqlStatements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The statements of a SQL file as Flink's SQL Client reads them: ';' at the end of a line. */
public final class SqlScript {
    /** The controller URI the examples are written for. */
    public static final String EXAMPLE_CONTROLLER_URI = "tcp://localhost:9090";

    private SqlScript() {}

    /** The whole file, with the examples' controller URI pointed at {@code controllerUri}. */
    public static String text(Path file, String controllerUri) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8)
                .replace(EXAMPLE_CONTROLLER_URI, controllerUri);
    }

    /**
     * Key and value of a SQL Client {@code SET 'key' = 'value'} statement, which a {@code
     * TableEnvironment} does not execute itself; empty for any other statement.
     */
    public static Optional<Map.Entry<String, String>> setOption(String statement) {
        String[] set = SqlStatements.setting(statement);
        return set == null
                ? Optional.empty()
                : Optional.of(new AbstractMap.SimpleImmutableEntry<>(set[0], set[1]));
    }

    /** Reads the statements, pointing the examples' controller URI at {@code controllerUri}. */
    public static List<String> statements(Path file, String controllerUri) throws IOException {
        try {
            return SqlStatements.split(text(file, controllerUri));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
