package dev.flinkpravega.connector.docs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rows of a result table as Flink prints it ({@code TableResult#print()}, the SQL Client's
 * tableau mode): the header line first, then the data rows, sorted, cells trimmed. Border and
 * summary lines are not part of it, so the order of rows and the column widths do not matter.
 */
final class TableauOutput {
    private TableauOutput() {}

    static List<String> rows(String printed) {
        List<String> rows = new ArrayList<>();
        for (String line : printed.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("|")) {
                int end =
                        trimmed.endsWith("|") && trimmed.length() > 1
                                ? trimmed.length() - 1
                                : trimmed.length();
                rows.add(
                        Arrays.stream(trimmed.substring(1, end).split("\\|", -1))
                                .map(String::trim)
                                .collect(Collectors.joining(" | ")));
            }
        }
        if (rows.size() > 1) {
            List<String> data = new ArrayList<>(rows.subList(1, rows.size()));
            data.sort(null);
            rows = new ArrayList<>(rows.subList(0, 1));
            rows.addAll(data);
        }
        return rows;
    }
}
