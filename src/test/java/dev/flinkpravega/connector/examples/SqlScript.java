package dev.flinkpravega.connector.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The statements of a SQL file as Flink's SQL Client reads them: ';' at the end of a line. */
public final class SqlScript {
    /** The controller URI the examples are written for. */
    public static final String EXAMPLE_CONTROLLER_URI = "tcp://localhost:9090";

    private SqlScript() {}

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
