package dev.flinkpravega.connector.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The result tables that Flink's SQL Client prints in tableau mode. Each row becomes its cells
 * joined by {@code ", "}; a streaming result's change-flag column ({@code op}) is dropped. Lines
 * that are not part of a table (messages, log noise) are skipped, also inside a table.
 */
final class TableauTables {
    // The top border follows the echoed statement on the same line, so it may end a line.
    private static final Pattern BORDER = Pattern.compile("\\+(-+\\+)+$");
    private static final Pattern ROW = Pattern.compile("\\|.*\\|");

    private TableauTables() {}

    static List<List<String>> parse(String output) {
        List<List<String>> tables = new ArrayList<>();
        List<String> header = null;
        List<String> rows = null;
        int borders = 0; // borders seen in the current table: 1 above, 2 below the header
        for (String line : output.split("\\R")) {
            String trimmed = line.trim();
            if (BORDER.matcher(trimmed).find()) {
                borders++;
                if (borders == 2) {
                    rows = new ArrayList<>();
                } else if (borders == 3) {
                    tables.add(rows);
                    borders = 0;
                    header = null;
                    rows = null;
                }
            } else if (ROW.matcher(trimmed).matches() && borders > 0) {
                List<String> cells = cells(trimmed);
                if (borders == 1) {
                    header = cells;
                } else {
                    boolean changeFlag = header != null && "op".equals(header.get(0));
                    rows.add(
                            String.join(", ", changeFlag ? cells.subList(1, cells.size()) : cells));
                }
            }
        }
        return tables;
    }

    private static List<String> cells(String row) {
        return Arrays.stream(row.substring(1, row.length() - 1).split("\\|", -1))
                .map(String::trim)
                .collect(Collectors.toList());
    }
}
