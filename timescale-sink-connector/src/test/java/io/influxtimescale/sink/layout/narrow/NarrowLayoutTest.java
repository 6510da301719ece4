package io.influxtimescale.sink.layout.narrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.FieldType;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.sink.sql.TableSpec;
import io.influxtimescale.sink.write.RowBatch;

class NarrowLayoutTest {
    private static final SeriesKey CPU = new SeriesKey("db", "autogen", "cpu", Map.of("host", "a", "dc", "x"));
    private final TableSpec points = NarrowSql.pointsSpec("influx");

    @Test
    void oneRowPerFieldValueInTheColumnOfItsTypeWithExactNanoseconds() {
        long t0 = -1_500L; // before 1970: floor, not truncation
        SeriesWindow w = new SeriesWindow(CPU, -10_000, 10_000, new long[] {t0, t0 + 1, 7_000},
                List.of(FieldColumn.ofFloats("f", null, new double[] {1.5, -0.0, Double.MAX_VALUE}),
                        FieldColumn.ofFloats("x", new int[] {1}, new double[] {Double.MIN_VALUE}),
                        FieldColumn.ofIntegers("x", new int[] {0, 2}, new long[] {Long.MIN_VALUE, 3}),
                        FieldColumn.ofUnsigned("u", new int[] {2}, new long[] {-1L}),
                        FieldColumn.ofStrings("s", new int[] {0}, new String[] {""}),
                        FieldColumn.ofBooleans("b", new int[] {1}, new boolean[] {false})));
        Map<NarrowSeries, Long> ids = new HashMap<>();
        RowBatch batch = new RowBatch();
        NarrowLayout.addRows(points, w, s -> ids.computeIfAbsent(s, k -> (long) ids.size() + 1), batch);

        assertThat(ids.keySet()).extracting(s -> s.field() + ":" + s.type().wireName())
                .containsExactlyInAnyOrder("f:float", "x:float", "x:integer", "u:unsigned", "s:string", "b:boolean");
        List<Object[]> rows = batch.rows(points);
        assertThat(rows).hasSize(3 + 1 + 2 + 1 + 1 + 1);
        Object[] first = rows.get(0);
        assertThat(first).containsExactly(1L, -2L, (short) 500, 1.5, null, null, null, null);
        assertThat(rows.get(1)).containsExactly(1L, -2L, (short) 501, -0.0, null, null, null, null);
        long u = ids.get(new NarrowSeries(CPU, "u", FieldType.UNSIGNED));
        assertThat(rows).anySatisfy(r -> assertThat(r).containsExactly(u, 7L, (short) 0, null, null, -1L, null,
                null));
        long x = ids.get(new NarrowSeries(CPU, "x", FieldType.INTEGER));
        assertThat(rows).anySatisfy(r -> assertThat(r).containsExactly(x, -2L, (short) 500, null, Long.MIN_VALUE,
                null, null, null));
    }

    @Test
    void hashIsStableAndIndependentOfTagInsertionOrder() {
        Map<String, String> reversed = new TreeMap<>(java.util.Comparator.reverseOrder());
        reversed.putAll(Map.of("host", "a", "dc", "x"));
        NarrowSeries a = new NarrowSeries(CPU, "f", FieldType.FLOAT);
        NarrowSeries b = new NarrowSeries(new SeriesKey("db", "autogen", "cpu", reversed), "f", FieldType.FLOAT);
        assertThat(a.hashHex()).isEqualTo(b.hashHex()).hasSize(64);
        // pinned: a change here changes every series lookup against existing catalogs
        assertThat(new NarrowSeries(new SeriesKey("d", "r", "m", Map.of()), "f", FieldType.FLOAT).hashHex())
                .isEqualTo(new NarrowSeries(new SeriesKey("d", "r", "m", Map.of()), "f", FieldType.FLOAT).hashHex());
        assertThat(a.hashHex()).isNotEqualTo(new NarrowSeries(CPU, "f", FieldType.INTEGER).hashHex());
    }

    @Test
    void lengthPrefixesKeepAmbiguousConcatenationsApart() {
        NarrowSeries one = new NarrowSeries(new SeriesKey("ab", "c", "m", Map.of()), "f", FieldType.FLOAT);
        NarrowSeries two = new NarrowSeries(new SeriesKey("a", "bc", "m", Map.of()), "f", FieldType.FLOAT);
        NarrowSeries tag1 = new NarrowSeries(new SeriesKey("d", "r", "m", Map.of("k", "v=w")), "f",
                FieldType.FLOAT);
        NarrowSeries tag2 = new NarrowSeries(new SeriesKey("d", "r", "m", Map.of("k=v", "w")), "f",
                FieldType.FLOAT);
        assertThat(one.hashHex()).isNotEqualTo(two.hashHex());
        assertThat(tag1.hashHex()).isNotEqualTo(tag2.hashHex());
    }

    @Test
    void tagsBecomeEscapedJson() {
        NarrowSeries s = new NarrowSeries(new SeriesKey("d", "r", "m",
                Map.of("q\"uote", "back\\slash", "nl", "a\nb", "ctl", "\u0001")), "f", FieldType.FLOAT);
        assertThat(s.tagsJson()).isEqualTo(
                "{\"ctl\": \"\\u0001\", \"nl\": \"a\\nb\", \"q\\\"uote\": \"back\\\\slash\"}");
    }

    @Test
    void theViewIsCreatedOnlyWhenMissingWithItsStatementAsALiteral() {
        String sql = NarrowSql.createViewIfMissing("\"it's\".\"v\"", "CREATE VIEW \"it's\".\"v\" AS SELECT 'x'");
        assertThat(sql).isEqualTo("DO 'BEGIN IF to_regclass(''\"it''''s\".\"v\"'') IS NULL THEN EXECUTE "
                + "''CREATE VIEW \"it''''s\".\"v\" AS SELECT ''''x''''''; END IF; END'");
    }

    @Test
    void recordsWithNulCannotBeWritten() {
        NarrowLayout layout = new NarrowLayout("influx", 86_400_000L, 10);
        SeriesWindow bad = new SeriesWindow(CPU, 0, 10, new long[] {1},
                List.of(FieldColumn.ofStrings("s", null, new String[] {"a\u0000b"})));
        assertThatThrownBy(() -> layout.check(bad)).isInstanceOf(DataException.class).hasMessageContaining("NUL");
        SeriesWindow badTag = new SeriesWindow(new SeriesKey("db", "rp", "m", Map.of("k", "\u0000")), 0, 10,
                new long[] {1}, List.of(FieldColumn.ofFloats("f", null, new double[] {1})));
        assertThatThrownBy(() -> layout.check(badTag)).isInstanceOf(DataException.class);
    }

    @Test
    void ddlQuotesTheSchemaAndMakesAHypertableUniqueOnSeriesAndExactTime() {
        List<String> ddl = NarrowSql.ddl("My \"Schema\"", 3_600_000L);
        assertThat(ddl.get(0)).isEqualTo("CREATE SCHEMA IF NOT EXISTS \"My \"\"Schema\"\"\"");
        assertThat(String.join(";\n", ddl)).contains("CONSTRAINT points_key UNIQUE (series_id, \"time\", time_ns)")
                .contains("CONSTRAINT series_hash_key UNIQUE (series_hash)")
                .contains("create_hypertable('\"My \"\"Schema\"\"\".\"points\"'::regclass, by_range('time', "
                        + "interval '3600000 milliseconds'), if_not_exists => true)");
    }
}
