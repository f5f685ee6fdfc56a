package dev.flinkpravega.connector.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.table.PravegaConnectorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * The options tables of the README and of the user documentation must be the one generated from
 * {@link PravegaConnectorOptions}. With {@code -Dregenerate=true} the test rewrites the sections
 * instead of failing.
 */
class ReadmeOptionsTableTest {

    static final String START = "<!-- options-table:start -->";
    static final String END = "<!-- options-table:end -->";
    static final String REGENERATE = "mvn -q test -Dtest=ReadmeOptionsTableTest -Dregenerate=true";

    /** Surefire runs with the project root as working directory. */
    private static final Path README = Paths.get("README.md");

    private static final Path USER_DOCS = Paths.get("docs", "pravega-connector.md");

    @Test
    void readmeOptionsTableIsUpToDate() throws IOException {
        checkOrRegenerate(README);
    }

    @Test
    void userDocsOptionsTableIsUpToDate() throws IOException {
        checkOrRegenerate(USER_DOCS);
    }

    private static void checkOrRegenerate(Path file) throws IOException {
        String generated = OptionsTable.markdown(PravegaConnectorOptions.class);
        String readme =
                new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace("\r\n", "\n");
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start)
                .as("%s must contain %s followed by %s", file.toAbsolutePath(), START, END)
                .isNotNegative()
                .isLessThan(end);

        String current = readme.substring(start + START.length(), end).trim();
        if (Boolean.getBoolean("regenerate")) {
            if (!current.equals(generated)) {
                String updated =
                        readme.substring(0, start + START.length())
                                + "\n"
                                + generated
                                + "\n"
                                + readme.substring(end);
                Files.write(file, updated.getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        assertThat(current)
                .as(
                        "The options table in %s is out of date with %s; regenerate it with: %s",
                        file, PravegaConnectorOptions.class.getSimpleName(), REGENERATE)
                .isEqualTo(generated);
    }
}
