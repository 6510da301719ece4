package io.influxtimescale.sink.layout.wide;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.sink.write.RowBatch;

class WideLayoutTest {
    private static final SeriesKey CPU = new SeriesKey("db", "autogen", "cpu", Map.of("host", "a"));
    private final WideTable table = new WideTable(1, "influx", "cpu_data", "cpu", List.of(
            new WideTable.ColumnEntry("tag", "host", "host"),
            new WideTable.ColumnEntry("float", "x", "x"),
            new WideTable.ColumnEntry("integer", "x", "x_integer"),
            new WideTable.ColumnEntry("unsigned", "u", "u"),
            new WideTable.ColumnEntry("string", "s", "s"),
            new WideTable.ColumnEntry("boolean", "b", "b")));

    @Test
    void aRowPerTimeWithEveryFieldInItsTypedColumnAndExactNanoseconds() {
        long t0 = -1_500L; // before 1970: floor, not truncation
        SeriesWindow w = new SeriesWindow(CPU, -10_000, 10_000, new long[] {t0, t0 + 1, 7_000, 8_000},
                List.of(FieldColumn.ofFloats("x", new int[] {1}, new double[] {-0.0}),
                        FieldColumn.ofIntegers("x", new int[] {0, 2}, new long[] {Long.MIN_VALUE, 3}),
                        FieldColumn.ofUnsigned("u", new int[] {2}, new long[] {-1L}),
                        FieldColumn.ofStrings("s", new int[] {0}, new String[] {""}),
                        FieldColumn.ofBooleans("b", new int[] {1}, new boolean[] {false})));
        RowBatch batch = new RowBatch();
        WideLayout.addRows(table, w, 42, batch);
        List<Object[]> rows = batch.rows(table.spec());
        // the fourth time has no field value: no row
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly(42L, -2L, (short) 500, null, Long.MIN_VALUE, null, "", null);
        assertThat(rows.get(1)).containsExactly(42L, -2L, (short) 501, -0.0, null, null, null, false);
        assertThat(rows.get(2)).containsExactly(42L, 7L, (short) 0, null, 3L, -1L, null, null);
    }

    @Test
    void floatsTravelAsTheirBitsIncludingNanInfinitiesAndNegativeZero() {
        double[] odd = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0};
        SeriesWindow w = new SeriesWindow(CPU, 0, 10, new long[] {1, 2, 3, 4},
                List.of(FieldColumn.ofFloats("x", null, odd)));
        RowBatch batch = new RowBatch();
        WideLayout.addRows(table, w, 1, batch);
        assertThat(batch.rows(table.spec())).extracting(r -> Double.doubleToRawLongBits((Double) r[3]))
                .containsExactly(Double.doubleToRawLongBits(Double.NaN),
                        Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
                        Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY), Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void twoRecordsOfTheSameSeriesAndTimeMergeIntoOneRow() {
        RowBatch batch = new RowBatch();
        WideLayout.addRows(table, new SeriesWindow(CPU, 0, 10, new long[] {5},
                List.of(FieldColumn.ofFloats("x", null, new double[] {1.5}),
                        FieldColumn.ofStrings("s", null, new String[] {"old"}))), 1, batch);
        WideLayout.addRows(table, new SeriesWindow(CPU, 0, 10, new long[] {5},
                List.of(FieldColumn.ofStrings("s", null, new String[] {"new"}))), 1, batch);
        assertThat(batch.rows(table.spec())).singleElement()
                .satisfies(r -> assertThat(r).containsExactly(1L, 0L, (short) 5, 1.5, null, null, "new", null));
    }
}
