package dev.flinkpravega.connector.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.table.LegacyOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * The migration page's table of the older connector's DDL keys is the one {@link LegacyOptions}
 * implements. With {@code -Dregenerate=true} the test rewrites it instead of failing.
 */
class MigrationDocTest {
    private static final Path PAGE =
            Paths.get("docs", "migrating-from-pravega-flink-connectors.md");
    private static final String START = "<!-- legacy-keys:start -->";
    private static final String END = "<!-- legacy-keys:end -->";

    @Test
    void legacyKeysTableIsUpToDate() throws IOException {
        StringBuilder table =
                new StringBuilder("| Older key | Our key | Meaning here |\n|---|---|---|\n");
        for (LegacyOptions.LegacyKey key : LegacyOptions.KEYS) {
            table.append("| `")
                    .append(key.oldKey)
                    .append("` | ")
                    .append(key.newKey.isEmpty() ? "" : "`" + key.newKey + "`")
                    .append(" | ")
                    .append(key.meaning)
                    .append(" |\n");
        }
        String generated = table.toString().trim();
        String page = new String(Files.readAllBytes(PAGE), StandardCharsets.UTF_8);
        int start = page.indexOf(START);
        int end = page.indexOf(END);
        assertThat(start)
                .as("%s must contain %s followed by %s", PAGE, START, END)
                .isNotNegative()
                .isLessThan(end);
        String current = page.substring(start + START.length(), end).trim();
        if (Boolean.getBoolean("regenerate")) {
            Files.write(
                    PAGE,
                    (page.substring(0, start + START.length())
                                    + "\n"
                                    + generated
                                    + "\n"
                                    + page.substring(end))
                            .getBytes(StandardCharsets.UTF_8));
            return;
        }
        assertThat(current)
                .as(
                        "the legacy keys table of %s; regenerate with -Dtest=MigrationDocTest -Dregenerate=true",
                        PAGE)
                .isEqualTo(generated);
    }
}
