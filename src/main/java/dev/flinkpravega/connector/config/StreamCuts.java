package dev.flinkpravega.connector.config;

import io.pravega.client.stream.StreamCut;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Parsing and printing of {@link StreamCut}s as the base64 text users put in DDL. */
public final class StreamCuts {
    private StreamCuts() {}

    /** Parses a base64 stream cut; {@link IllegalArgumentException} names what is wrong. */
    public static StreamCut parse(String base64) {
        String text = base64 == null ? "" : base64.trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the stream cut is empty");
        }
        try {
            return StreamCut.from(text);
        } catch (Exception e) {
            // Not only RuntimeException: Pravega's base64 decoding throws a checked IOException
            // ("Illegal base64 character") without declaring it (Lombok @SneakyThrows).
            throw new IllegalArgumentException(
                    "'" + abbreviate(text) + "' is not a base64 Pravega StreamCut", e);
        }
    }

    /** The base64 text of a stream cut, as {@link StreamCut#asText()} gives it. */
    public static String print(StreamCut cut) {
        return cut.asText();
    }

    /**
     * The base64 cut at the tail of {@code stream} ({@code stream} in the default scope, or {@code
     * scope/stream}) now: a read that ends there sees every event written so far, one that starts
     * there only later events.
     */
    public static String currentTail(PravegaConfig config, String stream) {
        return current(config, stream, PravegaAdmin::tails);
    }

    /** The base64 cut at the head of {@code stream} now: its oldest retained event. */
    public static String currentHead(PravegaConfig config, String stream) {
        return current(config, stream, PravegaAdmin::heads);
    }

    private static String current(
            PravegaConfig config,
            String stream,
            BiFunction<PravegaAdmin, List<StreamRef>, Map<StreamRef, StreamCut>> cuts) {
        StreamRef ref = config.resolve(stream);
        try (PravegaAdmin admin = new PravegaAdmin(config)) {
            admin.ensureStream(ref, false, null);
            return print(cuts.apply(admin, List.of(ref)).get(ref));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
