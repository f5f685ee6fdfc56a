package dev.flinkpravega.connector.catalog;

import java.util.Map;
import org.apache.flink.table.catalog.CatalogPropertiesUtil;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedCatalogView;
import org.apache.flink.table.expressions.DefaultSqlFactory;

/** Flink 2.x's serialization of catalog objects, which needs a {@code SqlFactory}. */
final class FlinkCatalogSerializer {
    private FlinkCatalogSerializer() {}

    static Map<String, String> serializeTable(ResolvedCatalogTable table) {
        return CatalogPropertiesUtil.serializeCatalogTable(table, DefaultSqlFactory.INSTANCE);
    }

    static Map<String, String> serializeView(ResolvedCatalogView view) {
        return CatalogPropertiesUtil.serializeCatalogView(view, DefaultSqlFactory.INSTANCE);
    }
}
