package dev.flinkpravega.connector.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fenced code blocks of a Markdown file, in order. A {@code text} block that follows a block
 * with nothing but blank lines in between is that block's expected output.
 */
final class MarkdownSnippets {
    private MarkdownSnippets() {}

    /** One fenced block: its language tag, text, first line (1-based) and expected output. */
    static final class Snippet {
        final String language;
        final String text;
        final int line;
        final String expectedOutput;

        Snippet(String language, String text, int line, String expectedOutput) {
            this.language = language;
            this.text = text;
            this.line = line;
            this.expectedOutput = expectedOutput;
        }
    }

    static List<Snippet> read(Path markdown) throws IOException {
        return parse(Files.readString(markdown, StandardCharsets.UTF_8));
    }

    static List<Snippet> parse(String markdown) {
        String[] lines = markdown.replace("\r\n", "\n").split("\n", -1);
        List<String> languages = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String line = lines[i].trim();
            if (!line.startsWith("```")) {
                i++;
                continue;
            }
            int start = i;
            StringBuilder text = new StringBuilder();
            i++;
            while (i < lines.length && !lines[i].trim().equals("```")) {
                text.append(lines[i]).append('\n');
                i++;
            }
            if (i == lines.length) {
                throw new IllegalArgumentException(
                        "code block at line " + (start + 1) + " is not closed");
            }
            languages.add(line.substring(3).trim());
            texts.add(text.toString());
            starts.add(start);
            ends.add(i);
            i++;
        }
        List<Snippet> snippets = new ArrayList<>();
        for (int b = 0; b < texts.size(); b++) {
            String output = null;
            if (b + 1 < texts.size()
                    && languages.get(b + 1).equals("text")
                    && onlyBlankBetween(lines, ends.get(b), starts.get(b + 1))) {
                output = texts.get(b + 1);
            }
            snippets.add(new Snippet(languages.get(b), texts.get(b), starts.get(b) + 1, output));
        }
        return snippets;
    }

    private static boolean onlyBlankBetween(String[] lines, int end, int nextStart) {
        for (int i = end + 1; i < nextStart; i++) {
            if (!lines[i].isBlank()) {
                return false;
            }
        }
        return true;
    }
}
