package io.influxtimescale.sink.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.influxtimescale.sink.layout.narrow.NarrowSql;

class UpsertSqlTest {
    private final TableSpec points = NarrowSql.pointsSpec("my \"schema\"");

    @Test
    void stagedUpsertConflictsOnTheKeyAndUpdatesTheValuesWithAGuard() {
        String staging = UpsertSql.stagingTableName(points);
        assertThat(staging).startsWith("itc_stage_").matches("[a-z0-9_]+");
        assertThat(UpsertSql.upsertFromStaging(points, true)).isEqualTo(
                "INSERT INTO \"my \"\"schema\"\"\".\"points\" AS t (\"series_id\", \"time\", \"time_ns\", "
                + "\"value_double\", \"value_bigint\", \"value_numeric\", \"value_text\", \"value_bool\") "
                + "SELECT \"series_id\", \"time\", \"time_ns\", \"value_double\", \"value_bigint\", "
                + "\"value_numeric\", \"value_text\", \"value_bool\" FROM \"" + staging
                + "\" s ON CONFLICT (\"series_id\", \"time\", \"time_ns\") DO UPDATE SET "
                + "\"value_double\" = EXCLUDED.\"value_double\", \"value_bigint\" = EXCLUDED.\"value_bigint\", "
                + "\"value_numeric\" = EXCLUDED.\"value_numeric\", \"value_text\" = EXCLUDED.\"value_text\", "
                + "\"value_bool\" = EXCLUDED.\"value_bool\" WHERE (t.\"value_double\", t.\"value_bigint\", "
                + "t.\"value_numeric\", t.\"value_text\", t.\"value_bool\") IS DISTINCT FROM "
                + "(EXCLUDED.\"value_double\", EXCLUDED.\"value_bigint\", EXCLUDED.\"value_numeric\", "
                + "EXCLUDED.\"value_text\", EXCLUDED.\"value_bool\")");
        assertThat(UpsertSql.upsertFromStaging(points, false)).doesNotContain("IS DISTINCT FROM");
    }

    @Test
    void stagingTableHasTheTargetsTypesAndEmptiesAtCommit() {
        assertThat(UpsertSql.createStagingTable(points)).isEqualTo("CREATE TEMPORARY TABLE IF NOT EXISTS \""
                + UpsertSql.stagingTableName(points) + "\" (\"series_id\" bigint, \"time\" timestamptz, "
                + "\"time_ns\" smallint, \"value_double\" double precision, \"value_bigint\" bigint, "
                + "\"value_numeric\" numeric, \"value_text\" text, \"value_bool\" boolean) ON COMMIT DELETE ROWS");
        assertThat(UpsertSql.copyIntoStaging(points)).endsWith("FROM STDIN (FORMAT binary)");
        assertThat(UpsertSql.copyIntoTarget(points)).isEqualTo("COPY \"my \"\"schema\"\"\".\"points\" (\"series_id\", "
                + "\"time\", \"time_ns\", \"value_double\", \"value_bigint\", \"value_numeric\", \"value_text\", "
                + "\"value_bool\") FROM STDIN (FORMAT binary)");
    }

    @Test
    void stagingNamesDifferPerTarget() {
        TableSpec other = NarrowSql.pointsSpec("other");
        assertThat(UpsertSql.stagingTableName(other)).isNotEqualTo(UpsertSql.stagingTableName(points));
        assertThat(Identifiers.isValid(UpsertSql.stagingTableName(points))).isTrue();
    }

    @Test
    void unnestBindsAnArrayPerColumnAndConvertsMicrosExactly() {
        String sql = UpsertSql.upsertFromUnnest(points, true);
        assertThat(sql).contains("FROM unnest(?::int8[], ?::int8[], ?::int2[], ?::float8[], ?::int8[], "
                + "?::int8[], ?::text[], ?::bool[]) AS s(\"series_id\", \"time\"");
        assertThat(sql).contains("(s.\"time\" / 1000000) * interval '1 second'");
        assertThat(sql).contains("IS DISTINCT FROM");
        assertThat(UpsertSql.unnestArrayType(PgType.TIMESTAMPTZ)).isEqualTo(PgType.INT8);
    }

    @Test
    void aSparseTableNeverOverwritesAPresentValueWithNullAndGuardsOnTheMergedRow() {
        TableSpec wide = new TableSpec("s", "w", List.of(Column.of("k", PgType.INT8), Column.of("a", PgType.FLOAT8),
                Column.of("b", PgType.TEXT)), List.of("k"), true);
        assertThat(UpsertSql.upsertFromStaging(wide, true)).endsWith("ON CONFLICT (\"k\") DO UPDATE SET "
                + "\"a\" = COALESCE(EXCLUDED.\"a\", t.\"a\"), \"b\" = COALESCE(EXCLUDED.\"b\", t.\"b\") "
                + "WHERE (t.\"a\", t.\"b\") IS DISTINCT FROM (COALESCE(EXCLUDED.\"a\", t.\"a\"), "
                + "COALESCE(EXCLUDED.\"b\", t.\"b\"))");
    }

    @Test
    void aTableThatGainedAColumnGetsAnotherStagingTable() {
        TableSpec one = new TableSpec("s", "w", List.of(Column.of("k", PgType.INT8)), List.of("k"), true);
        TableSpec two = new TableSpec("s", "w", List.of(Column.of("k", PgType.INT8), Column.of("a", PgType.TEXT)),
                List.of("k"), true);
        assertThat(one).isNotEqualTo(two);
        assertThat(UpsertSql.stagingTableName(one)).isNotEqualTo(UpsertSql.stagingTableName(two));
    }

    @Test
    void aTableWithOnlyKeyColumnsDoesNothingOnConflict() {
        TableSpec keysOnly = new TableSpec("s", "k", List.of(Column.of("a", PgType.INT8)), List.of("a"));
        assertThat(UpsertSql.upsertFromStaging(keysOnly, true)).endsWith("ON CONFLICT (\"a\") DO NOTHING");
    }
}
