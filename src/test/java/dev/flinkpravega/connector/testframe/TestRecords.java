package dev.flinkpravega.connector.testframe;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random string records for the testing framework, unique per split and per call. */
final class TestRecords {
    private TestRecords() {}

    static List<String> generate(String prefix, long seed) {
        Random random = new Random(seed);
        int count = 50 + random.nextInt(50);
        List<String> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(prefix + "-" + seed + "-" + i + "-" + Long.toHexString(random.nextLong()));
        }
        return records;
    }
}
