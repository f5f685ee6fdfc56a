package dev.flinkpravega.connector.catalog;

import java.util.Map;
import org.apache.flink.table.catalog.CatalogPropertiesUtil;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedCatalogView;

/** Flink 1.20's serialization of catalog objects; Flink 2.x adds a {@code SqlFactory} argument. */
final class FlinkCatalogSerializer {
    private FlinkCatalogSerializer() {}

    static Map<String, String> serializeTable(ResolvedCatalogTable table) {
        return CatalogPropertiesUtil.serializeCatalogTable(table);
    }

    static Map<String, String> serializeView(ResolvedCatalogView view) {
        return CatalogPropertiesUtil.serializeCatalogView(view);
    }
}
