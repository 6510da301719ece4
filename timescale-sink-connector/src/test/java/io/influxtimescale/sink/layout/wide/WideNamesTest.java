package io.influxtimescale.sink.layout.wide;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.sink.sql.Identifiers;

class WideNamesTest {
    @Test
    void aNamePostgresCanTakeIsKeptAsItIsFirst() {
        assertThat(WideNames.viewCandidates("db", "autogen", "Temp 'C' \"x\"").get(0)).isEqualTo("Temp 'C' \"x\"");
        assertThat(WideNames.tableCandidates("db", "autogen", "temperature").get(0)).isEqualTo("temperature_data");
        assertThat(WideNames.fieldCandidates("value", FieldType.FLOAT)).startsWith("value", "value_float");
        assertThat(WideNames.fieldCandidates("value", FieldType.STRING)).startsWith("value", "value_string");
        assertThat(WideNames.tagCandidates("host")).startsWith("host", "host_tag");
    }

    @Test
    void renamedNamesAreAPrefixAndAHashWithin63BytesCutAtACharacterBoundary() {
        String longName = "ü".repeat(40); // 80 bytes
        List<String> view = WideNames.viewCandidates("db", "autogen", longName);
        assertThat(view).hasSize(2);
        for (String name : view) {
            assertThat(Identifiers.isValid(name)).isTrue();
            assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
            assertThat(name).startsWith("ü".repeat(23)).matches("ü+_[0-9a-f]{8}|ü+_[0-9a-f]{16}");
        }
        assertThat(view.get(0)).hasSize(27 + 9); // 54 bytes of ü, then _ and 8 hex digits: 63 bytes
        List<String> table = WideNames.tableCandidates("db", "autogen", longName);
        assertThat(table).allSatisfy(n -> assertThat(n).endsWith("_data").matches("ü+_[0-9a-f]{8,16}_data"));
        assertThat(table.get(0).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
    }

    @Test
    void renamedNamesAreStableAndDifferForDifferentIdentities() {
        String a = "m".repeat(70) + "a";
        String b = "m".repeat(70) + "b";
        assertThat(WideNames.viewCandidates("db", "rp", a)).isEqualTo(WideNames.viewCandidates("db", "rp", a));
        // same 63-byte truncation, different hashes
        assertThat(WideNames.viewCandidates("db", "rp", a).get(0)).isNotEqualTo(
                WideNames.viewCandidates("db", "rp", b).get(0));
        assertThat(WideNames.viewCandidates("db", "rp", a).get(0).substring(0, 54)).isEqualTo(
                WideNames.viewCandidates("db", "rp", b).get(0).substring(0, 54));
        // the same measurement in another database or retention policy gets another renamed name
        assertThat(WideNames.viewCandidates("db", "rp", "cpu").get(1)).isNotEqualTo(
                WideNames.viewCandidates("db", "rp2", "cpu").get(1));
    }

    @Test
    void clashMeansEqualAfterPostgresFoldingOfAsciiLetters() {
        assertThat(WideNames.fold("CPU Usage")).isEqualTo("cpu usage");
        assertThat(WideNames.fold("ÜBER")).isEqualTo("Über"); // PostgreSQL folds only ASCII letters
    }

    @Test
    void fixedAndSystemColumnsAreReservedInAnyCase() {
        assertThat(WideNames.isReservedColumn("Time")).isTrue();
        assertThat(WideNames.isReservedColumn("time_ns")).isTrue();
        assertThat(WideNames.isReservedColumn("series_id")).isTrue();
        assertThat(WideNames.isReservedColumn("XMIN")).isTrue();
        assertThat(WideNames.isReservedColumn("ctid")).isTrue();
        assertThat(WideNames.isReservedColumn("value")).isFalse();
        // a field named "time" still gets a column: the first free candidate is its typed name
        assertThat(WideNames.fieldCandidates("time", FieldType.FLOAT)).startsWith("time", "time_float");
    }

    @Test
    void anEmptyTagKeyGetsAReadableRenamedName() {
        assertThat(WideNames.tagCandidates("")).hasSize(3).first().isEqualTo("_tag");
        assertThat(WideNames.tagCandidates("").get(1)).matches("tag_[0-9a-f]{8}");
    }

    @Test
    void schemasStartingWithPgAreRenamedBecausePostgresRefusesThem() {
        assertThat(WideNames.schemaCandidates("tenant_a").get(0)).isEqualTo("tenant_a");
        assertThat(WideNames.schemaCandidates("pg_stats").get(0)).isEqualTo("db_pg_stats");
        assertThat(WideNames.isReservedSchema("PG_x")).isTrue();
        assertThat(WideNames.isReservedSchema("information_schema")).isTrue();
    }
}
