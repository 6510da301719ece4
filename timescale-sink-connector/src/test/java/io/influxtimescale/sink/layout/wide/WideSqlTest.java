package io.influxtimescale.sink.layout.wide;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.sink.sql.ValueColumn;
import io.influxtimescale.sink.sql.TableSpec;
import io.influxtimescale.sink.sql.UpsertSql;

class WideSqlTest {
    private final WideTable table = new WideTable(7, "my schema", "cpu_data", "cpu", List.of(
            new WideTable.ColumnEntry("tag", "host", "host"),
            new WideTable.ColumnEntry("float", "usage", "usage"),
            new WideTable.ColumnEntry("tag", "it's", "it's"),
            new WideTable.ColumnEntry("unsigned", "bytes", "bytes"),
            new WideTable.ColumnEntry("string", "usage", "usage_string")));

    @Test
    void theSpecHasTheFixedColumnsThenTheFieldColumnsAndIsSparse() {
        TableSpec spec = table.spec();
        assertThat(spec.sparse()).isTrue();
        assertThat(spec.keyColumns()).containsExactly("series_id", "time", "time_ns");
        assertThat(spec.columns()).extracting(c -> c.name())
                .containsExactly("series_id", "time", "time_ns", "usage", "bytes", "usage_string");
        assertThat(table.rowIndex("bytes", FieldType.UNSIGNED)).isEqualTo(4);
        assertThat(table.fieldColumn("usage", FieldType.STRING)).isEqualTo("usage_string");
        assertThat(table.tagColumn("it's")).isEqualTo("it's");
        assertThat(UpsertSql.upsertFromStaging(spec, true))
                .contains("\"usage\" = COALESCE(EXCLUDED.\"usage\", t.\"usage\")");
        // unsigned: numeric in a binary COPY, bits converted in SQL on the unnest path
        assertThat(UpsertSql.createStagingTable(spec)).contains("\"bytes\" numeric");
        assertThat(UpsertSql.upsertFromUnnest(spec, true)).contains("18446744073709551616");
    }

    @Test
    void theViewJoinsTagsBackAsColumnsInCatalogOrder() {
        assertThat(WideSql.createOrReplaceView("influx", table)).isEqualTo("CREATE OR REPLACE VIEW \"my schema\"."
                + "\"cpu\" AS SELECT d.series_id, d.\"time\", d.time_ns, s.tags ->> 'host' AS \"host\", d.\"usage\", "
                + "s.tags ->> 'it''s' AS \"it's\", d.\"bytes\", d.\"usage_string\" FROM \"my schema\".\"cpu_data\" d "
                + "JOIN \"influx\".\"wide_series\" s ON s.id = d.series_id");
    }

    @Test
    void aHypertableStartsWithTheKeyAndGetsATypedColumnPerField() {
        List<String> ddl = WideSql.createTable("s", "cpu_data", 86_400_000L);
        assertThat(ddl.get(1)).isEqualTo("CREATE TABLE IF NOT EXISTS \"s\".\"cpu_data\" (series_id bigint NOT NULL, "
                + "\"time\" timestamptz NOT NULL, time_ns smallint NOT NULL DEFAULT 0 CHECK (time_ns BETWEEN 0 AND "
                + "999), UNIQUE (series_id, \"time\", time_ns))");
        assertThat(ddl.get(2)).isEqualTo("SELECT create_hypertable('\"s\".\"cpu_data\"'::regclass, by_range('time', "
                + "interval '86400000 milliseconds'), if_not_exists => true)");
        assertThat(WideSql.addColumn("s", "cpu_data", "x\"y", FieldType.UNSIGNED))
                .isEqualTo("ALTER TABLE \"s\".\"cpu_data\" ADD COLUMN IF NOT EXISTS \"x\"\"y\" numeric");
        assertThat(ValueColumn.of(FieldType.FLOAT).sqlType()).isEqualTo("double precision");
        assertThat(ValueColumn.of(FieldType.INTEGER).sqlType()).isEqualTo("bigint");
        assertThat(ValueColumn.of(FieldType.UNSIGNED).sqlType()).isEqualTo("numeric");
        assertThat(ValueColumn.of(FieldType.STRING).sqlType()).isEqualTo("text");
        assertThat(ValueColumn.of(FieldType.BOOLEAN).sqlType()).isEqualTo("boolean");
    }

    @Test
    void theCatalogRecordsTablesAndColumnsUniquely() {
        String ddl = String.join(";\n", WideSql.catalogDdl("influx"));
        assertThat(ddl).contains("CONSTRAINT wide_tables_measurement_key UNIQUE (database, retention_policy, "
                + "measurement)").contains("CONSTRAINT wide_columns_key UNIQUE (table_id, kind, influx_name)")
                .contains("CONSTRAINT wide_series_hash_key UNIQUE (series_hash)");
    }
}
