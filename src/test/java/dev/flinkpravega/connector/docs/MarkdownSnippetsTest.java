package dev.flinkpravega.connector.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.docs.MarkdownSnippets.Snippet;
import dev.flinkpravega.connector.testutils.SqlStatements;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link MarkdownSnippets}, {@link SqlStatements} and {@link TableauOutput}. */
class MarkdownSnippetsTest {

    private static final String DOC =
            "# Title\n"
                    + "```sql\n"
                    + "SELECT 1;\n"
                    + "```\n"
                    + "\n"
                    + "```text\n"
                    + "| a |\n"
                    + "```\n"
                    + "Prose.\n"
                    + "```python\n"
                    + "print(1)\n"
                    + "```\n"
                    + "More prose.\n"
                    + "```text\n"
                    + "not its output\n"
                    + "```\n";

    @Test
    void blocksComeInOrderWithTheOutputThatFollowsDirectly() {
        List<Snippet> snippets = MarkdownSnippets.parse(DOC);

        assertThat(snippets)
                .extracting(s -> s.language)
                .containsExactly("sql", "text", "python", "text");
        assertThat(snippets.get(0).text).isEqualTo("SELECT 1;\n");
        assertThat(snippets.get(0).line).isEqualTo(2);
        assertThat(snippets.get(0).expectedOutput).isEqualTo("| a |\n");
        assertThat(snippets.get(2).expectedOutput).isNull();
    }

    @Test
    void unclosedBlockIsAnError() {
        assertThatThrownBy(() -> MarkdownSnippets.parse("```sql\nSELECT 1;\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("code block at line 1 is not closed");
    }

    @Test
    void statementsEndWithASemicolonAtTheEndOfALine() {
        assertThat(SqlStatements.split("-- comment\nSET 'a' = 'b';\n\nSELECT 'x;y'\nFROM t;\n"))
                .containsExactly("SET 'a' = 'b'", "SELECT 'x;y'\nFROM t");
        assertThat(SqlStatements.setting("SET 'a.b' = '2 s'")).containsExactly("a.b", "2 s");
        assertThat(SqlStatements.setting("SELECT 1")).isNull();
        assertThat(SqlStatements.createdTable("CREATE TABLE IF NOT EXISTS t1 (a INT)"))
                .isEqualTo("t1");
        assertThat(SqlStatements.option("WITH ('scope' = 'web', 'x'='y')", "x")).isEqualTo("y");
        assertThatThrownBy(() -> SqlStatements.split("SELECT 1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tableauRowsIgnoreWidthsBordersAndRowOrder() {
        String printed =
                "+----+-----+\n| op |   a |\n+----+-----+\n| +I |   2 |\n| +I | 1 |\n+----+-----+\n"
                        + "Received a total of 2 rows\n";

        assertThat(TableauOutput.rows(printed)).containsExactly("op | a", "+I | 1", "+I | 2");
    }
}
