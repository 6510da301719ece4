package io.influxtimescale.sink.layout.shepard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.sink.sql.TableSpec;
import io.influxtimescale.sink.write.RowBatch;

class ShepardLayoutTest {
    private final ShepardLayout layout = new ShepardLayout("public", Map.of("lab", 42L), 10);
    private final TableSpec points = ShepardSql.pointsSpec("public");

    @Test
    void tagsBecomeColumnsAndTheDatabaseItsContainer() {
        SeriesKey key = new SeriesKey("lab", "autogen", "temp", Map.of("device", "d1", "location", "hall",
                "symbolic_name", "T1", "other", "x"));
        ShepardSeries s = layout.identity(key, "value");
        assertThat(s).isEqualTo(new ShepardSeries(42, "temp", "value", "T1", "d1", "hall"));
        ShepardSeries bare = layout.identity(new SeriesKey("lab", "rp", "temp", Map.of()), "value");
        assertThat(bare).isEqualTo(new ShepardSeries(42, "temp", "value", "", "", ""));
    }

    @Test
    void aDatabaseWithoutMappingIsAClearError() {
        SeriesWindow w = new SeriesWindow(new SeriesKey("other", "rp", "m", Map.of()), 0, 10, new long[] {1},
                List.of(FieldColumn.ofFloats("f", null, new double[] {1})));
        assertThatThrownBy(() -> layout.check(w)).isInstanceOf(DataException.class)
                .hasMessageContaining("'other'").hasMessageContaining("shepard.container.ids");
    }

    @Test
    void unsignedAboveLongMaxDoesNotFitIntValue() {
        SeriesKey key = new SeriesKey("lab", "rp", "m", Map.of());
        SeriesWindow ok = new SeriesWindow(key, 0, 10, new long[] {1},
                List.of(FieldColumn.ofUnsigned("u", null, new long[] {Long.MAX_VALUE})));
        layout.check(ok);
        SeriesWindow big = new SeriesWindow(key, 0, 10, new long[] {1},
                List.of(FieldColumn.ofUnsigned("u", null, new long[] {-1L})));
        assertThatThrownBy(() -> layout.check(big)).isInstanceOf(DataException.class)
                .hasMessageContaining("18446744073709551615");
    }

    @Test
    void rowsCarryNanosecondTimesAndTypedValues() {
        SeriesWindow w = new SeriesWindow(new SeriesKey("lab", "rp", "m", Map.of()), -5, 10, new long[] {-5, 1, 2},
                List.of(FieldColumn.ofFloats("f", new int[] {0}, new double[] {2.5}),
                        FieldColumn.ofIntegers("f", new int[] {1}, new long[] {7}),
                        FieldColumn.ofStrings("f", new int[] {2}, new String[] {"s"}),
                        FieldColumn.ofBooleans("b", null, new boolean[] {true, false, true})));
        RowBatch batch = new RowBatch();
        ShepardLayout.addRows(points, w, field -> field.equals("f") ? 1L : 2L, batch);
        List<Object[]> rows = batch.rows(points);
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0)).containsExactly(1L, -5L, 2.5, null, null, null);
        assertThat(rows.get(1)).containsExactly(1L, 1L, null, 7L, null, null);
        assertThat(rows.get(2)).containsExactly(1L, 2L, null, null, "s", null);
        assertThat(rows.get(3)).containsExactly(2L, -5L, null, null, null, true);
        assertThat(ShepardLayout.valueType(io.influxtimescale.contract.FieldType.UNSIGNED)).isEqualTo("Integer");
    }

    @Test
    void ddlIsShepardsSchema() {
        String ddl = String.join(";\n", ShepardSql.ddl("public"));
        assertThat(ddl).contains("UNIQUE (container_id, measurement, field, symbolic_name, device, location)")
                .contains("UNIQUE (timeseries_id, \"time\")")
                .contains("by_range('time', 86400000000000::bigint)");
    }
}
