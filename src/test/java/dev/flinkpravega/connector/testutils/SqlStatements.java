package dev.flinkpravega.connector.testutils;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splitting SQL snippets into statements and reading what their DDL names. */
public final class SqlStatements {
    private SqlStatements() {}

    private static final Pattern OPTION = Pattern.compile("'([^']+)'\\s*=\\s*'([^']*)'");
    private static final Pattern CREATE_TABLE =
            Pattern.compile(
                    "\\s*CREATE\\s+(?:TEMPORARY\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([\\w.`]+)",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern QUERY =
            Pattern.compile(
                    "\\s*(SELECT|WITH|SHOW|DESCRIBE|DESC|EXPLAIN)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SET =
            Pattern.compile("\\s*SET\\s+'([^']+)'\\s*=\\s*'([^']*)'\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern INSERT =
            Pattern.compile(
                    "\\s*(INSERT|EXECUTE\\s+STATEMENT\\s+SET)\\b", Pattern.CASE_INSENSITIVE);

    /** Statements as the SQL Client reads them: each ends with ';' at the end of a line. */
    public static List<String> split(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n", -1)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("--") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().trim();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalArgumentException("statement without ';' at its end: " + current);
        }
        return statements;
    }

    public static boolean isQuery(String statement) {
        return QUERY.matcher(statement).lookingAt();
    }

    public static boolean isInsert(String statement) {
        return INSERT.matcher(statement).lookingAt();
    }

    /**
     * Key and value of a SQL Client {@code SET 'key' = 'value'} statement (which a {@code
     * TableEnvironment} does not run itself), or null for other statements.
     */
    public static String[] setting(String statement) {
        Matcher m = SET.matcher(statement);
        return m.matches() ? new String[] {m.group(1), m.group(2)} : null;
    }

    /** The table a CREATE TABLE statement creates, or null for other statements. */
    public static String createdTable(String statement) {
        Matcher m = CREATE_TABLE.matcher(statement);
        return m.lookingAt() ? m.group(1) : null;
    }

    /** The value of a {@code 'key' = 'value'} option in a statement, or null. */
    public static String option(String statement, String key) {
        Matcher m = OPTION.matcher(statement);
        while (m.find()) {
            if (m.group(1).equals(key)) {
                return m.group(2);
            }
        }
        return null;
    }
}
