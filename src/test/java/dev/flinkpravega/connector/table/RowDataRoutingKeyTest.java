package dev.flinkpravega.connector.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.sink.PravegaEventRouter;
import java.util.List;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;
import org.junit.jupiter.api.Test;

/**
 * The keys {@code sink.routing-key.fields} gives table rows: the same text as the DataStream router
 * of {@code EventRouters.rowFields} gives the same values (see {@code EventRoutersTest}).
 */
class RowDataRoutingKeyTest {
    private static final List<LogicalType> TYPES =
            List.of(
                    DataTypes.INT().getLogicalType(),
                    DataTypes.STRING().getLogicalType(),
                    DataTypes.BYTES().getLogicalType());

    @Test
    void keyColumnsAreJoinedWithCommasBytesAsBase64() {
        PravegaEventRouter<RowData> router =
                RowDataRoutingKey.fromFields(List.of(1, 2), List.of(TYPES.get(1), TYPES.get(2)));

        assertThat(router.getRoutingKey(row(7, "alice", new byte[] {1, 2})))
                .isEqualTo("alice,AQI=");
        assertThat(router.getRoutingKey(row(7, null, null))).isEqualTo(",");
    }

    @Test
    void oneKeyColumnIsItsTextAndNullTheEmptyString() {
        PravegaEventRouter<RowData> router =
                RowDataRoutingKey.fromFields(List.of(0), List.of(TYPES.get(0)));

        assertThat(router.getRoutingKey(row(42, "bob", null))).isEqualTo("42");
        assertThat(router.getRoutingKey(row(null, "bob", null))).isEmpty();
    }

    @Test
    void metadataColumnGivesItsValueAndNullLetsPravegaChoose() {
        PravegaEventRouter<RowData> router = RowDataRoutingKey.fromMetadataColumn(1);

        assertThat(router.getRoutingKey(row(1, "k", null))).isEqualTo("k");
        assertThat(router.getRoutingKey(row(1, null, null))).isNull();
    }

    private static RowData row(Integer id, String name, byte[] raw) {
        return GenericRowData.of(id, name == null ? null : StringData.fromString(name), raw);
    }
}
