package dev.flinkpravega.connector.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The statements of a SQL file as Flink's SQL Client reads them: ';' at the end of a line. */
public final class SqlScript {
    /** The controller URI the examples are written for. */
    public static final String EXAMPLE_CONTROLLER_URI = "tcp://localhost:9090";

    private static final Pattern SET =
            Pattern.compile("\\s*SET\\s+'([^']+)'\\s*=\\s*'([^']*)'\\s*", Pattern.CASE_INSENSITIVE);

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
        Matcher set = SET.matcher(statement);
        return set.matches()
                ? Optional.of(new AbstractMap.SimpleImmutableEntry<>(set.group(1), set.group(2)))
                : Optional.empty();
    }

    /** Reads the statements, pointing the examples' controller URI at {@code controllerUri}. */
    public static List<String> statements(Path file, String controllerUri) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("--") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().trim();
                statement = statement.substring(0, statement.length() - 1);
                statements.add(statement.replace(EXAMPLE_CONTROLLER_URI, controllerUri));
                current.setLength(0);
            }
        }
        if (current.toString().trim().length() > 0) {
            throw new IllegalArgumentException(file + " ends without ';': " + current);
        }
        return statements;
    }
}
