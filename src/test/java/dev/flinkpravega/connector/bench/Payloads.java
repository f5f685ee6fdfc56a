package dev.flinkpravega.connector.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Event bodies for the raw client: random hex text of the benchmark's event size, like the rows
 * that Flink's datagen makes for a {@code STRING} column, and their JSON form.
 */
final class Payloads {
    private static final int DISTINCT = 1024;
    private final String[] text;
    private final byte[][] raw;
    private final byte[][] json;

    Payloads(int size) {
        Random random = new Random(42);
        text = new String[DISTINCT];
        raw = new byte[DISTINCT][];
        json = new byte[DISTINCT][];
        char[] hex = "0123456789abcdef".toCharArray();
        for (int i = 0; i < DISTINCT; i++) {
            char[] chars = new char[size];
            for (int j = 0; j < size; j++) {
                chars[j] = hex[random.nextInt(16)];
            }
            String value = new String(chars);
            this.text[i] = value;
            raw[i] = value.getBytes(StandardCharsets.UTF_8);
            json[i] = ("{\"payload\":\"" + value + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }

    String text(long i) {
        return text[(int) (i % DISTINCT)];
    }

    byte[] raw(long i) {
        return raw[(int) (i % DISTINCT)];
    }

    byte[] json(long i) {
        return json[(int) (i % DISTINCT)];
    }

    /** Bytes of a JSON event with a payload of {@code size}. */
    static int jsonSize(int size) {
        return size + "{\"payload\":\"\"}".length();
    }
}
