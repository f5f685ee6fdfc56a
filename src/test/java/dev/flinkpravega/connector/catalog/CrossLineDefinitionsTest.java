package dev.flinkpravega.connector.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.CatalogPropertiesUtil;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A table definition the catalog stores on one Flink line reads back on the other. The stored form
 * is Flink's {@code CatalogPropertiesUtil} map; {@code catalog/table-definition-<line>.properties}
 * hold what each line writes for the same rich table (computed and metadata columns, watermark,
 * primary key, comment, options). On each line the test checks that it still writes its own file
 * and that it reads both files to the same table.
 */
class CrossLineDefinitionsTest {
    private static final String DDL =
            "CREATE TABLE orders ("
                    + " id BIGINT NOT NULL,"
                    + " customer STRING,"
                    + " price DECIMAL(10, 2),"
                    + " ts TIMESTAMP(3),"
                    + " total AS price * 2,"
                    + " origin STRING METADATA FROM 'stream' VIRTUAL,"
                    + " WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,"
                    + " PRIMARY KEY (id) NOT ENFORCED"
                    + ") COMMENT 'orders of the shop' WITH ("
                    + " 'format' = 'json',"
                    + " 'sink.delivery-guarantee' = 'exactly-once',"
                    + " 'stream.scaling.policy' = 'by-event-rate',"
                    + " 'stream.scaling.target-rate' = '100')";

    private static String line() {
        String version = EnvironmentInformation.getVersion();
        return version.startsWith("1.") ? "1.20" : "2.3";
    }

    @Test
    void thisLineStillWritesWhatItsFileHolds() throws IOException {
        Map<String, String> written = new TreeMap<>(FlinkCatalogSerializer.serializeTable(table()));
        assertThat(written)
                .as(
                        "what Flink "
                                + EnvironmentInformation.getVersion()
                                + " writes; if Flink changed it on purpose, update"
                                + " catalog/table-definition-"
                                + line()
                                + ".properties with:\n"
                                + printed(written))
                .isEqualTo(golden(line()));
    }

    @ParameterizedTest(name = "written by Flink {0}")
    @ValueSource(strings = {"1.20", "2.3"})
    void thisLineReadsWhatEitherLineWrote(String writer) throws IOException {
        CatalogTable read = CatalogPropertiesUtil.deserializeCatalogTable(golden(writer));
        CatalogTable own = CatalogPropertiesUtil.deserializeCatalogTable(golden(line()));

        assertThat(read.getUnresolvedSchema().toString())
                .contains("`total` AS [`price` * 2]")
                .contains("WATERMARK FOR `ts` AS [`ts` - INTERVAL '5' SECOND]")
                .contains("PRIMARY KEY (`id`) NOT ENFORCED")
                .isEqualTo(own.getUnresolvedSchema().toString());
        assertThat(read.getComment()).isEqualTo("orders of the shop");
        assertThat(read.getOptions()).isEqualTo(table().getOptions());
        assertThat(read.getPartitionKeys()).isEmpty();
    }

    /** The table as Flink resolves it from the DDL (an in-memory catalog keeps it resolved). */
    private static ResolvedCatalogTable table() {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.executeSql(
                DDL.replace(") COMMENT", ") COMMENT")
                        .replace("WITH (", "WITH ( 'connector' = 'pravega',"));
        try {
            return (ResolvedCatalogTable)
                    env.getCatalog(env.getCurrentCatalog())
                            .orElseThrow()
                            .getTable(new ObjectPath(env.getCurrentDatabase(), "orders"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> golden(String line) throws IOException {
        Properties properties = new Properties();
        String name = "/catalog/table-definition-" + line + ".properties";
        try (InputStream in = CrossLineDefinitionsTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            properties.load(in);
        }
        Map<String, String> map = new TreeMap<>();
        properties.forEach((k, v) -> map.put((String) k, (String) v));
        return map;
    }

    private static String printed(Map<String, String> map) throws IOException {
        Properties properties = new Properties();
        properties.putAll(map);
        StringWriter out = new StringWriter();
        properties.store(out, null);
        return out.toString();
    }
}
