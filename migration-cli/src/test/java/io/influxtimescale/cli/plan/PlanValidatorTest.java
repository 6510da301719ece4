package io.influxtimescale.cli.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class PlanValidatorTest {
    @Test
    void aContainerLeftOutAloneInsideTheScopeIsRefusedNamingTheFix() {
        Plan plan = plan(List.of(entry("db", "autogen", "cpu", true), entry("db", "autogen", "mem", true),
                entry("db", "weekly", "cpu", true), entry("db", "weekly", "mem", false)));

        List<PlanProblem> problems = PlanValidator.validate(plan);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("containers[3].migrate");
            assertThat(p.message()).contains("cannot leave out \"db\".\"weekly\".\"mem\" alone");
            assertThat(p.fix()).contains("set migrate: false on every container of measurement 'mem'");
        });
    }

    @Test
    void leavingOutAWholeMeasurementIsFineAndNarrowsTheSourceScope() {
        Plan plan = plan(List.of(entry("db", "autogen", "cpu", true), entry("db", "autogen", "mem", false),
                entry("db", "weekly", "mem", false)));

        assertThat(PlanValidator.validate(plan)).isEmpty();
        ConnectorConfigs configs = ConnectorConfigs.of(plan, Secrets.placeholders());
        assertThat(configs.source()).containsEntry("measurements.include", "cpu")
                .containsEntry("retention.policies.include", "autogen").containsEntry("databases.include", "db")
                .containsEntry("influxdb.password", "(ITC_INFLUX_PASSWORD)");
        assertThat(ConnectorConfigs.masked(configs.source())).containsEntry("influxdb.password", "********");
        assertThat(configs.sink()).containsEntry("topics", "influx.db").containsEntry("chunk.time.interval.ms",
                "604800000");
    }

    @Test
    void exactPatternsMatchOnlyTheNameWhateverItHolds() {
        for (String name : List.of("a,b", "x.y", "(weird) [name]", "ünï cödé", "a\\b", "$^*+?")) {
            String pattern = ContainerScope.exactPattern(name);
            assertThat(pattern).doesNotContain(",");
            assertThat(Pattern.compile(pattern).matcher(name).matches()).as(name).isTrue();
            assertThat(Pattern.compile(pattern).matcher(name + "x").matches()).isFalse();
        }
    }

    private static Plan plan(List<Plan.ContainerEntry> containers) {
        return new Plan(1, new Plan.Source("src", "http://127.0.0.1:8086", "u", "ITC_INFLUX_PASSWORD", "", 1,
                "backfill+live", "1d", "", "", "influx.", Map.of()), new Plan.Sink("snk",
                "jdbc:postgresql://127.0.0.1/x", "postgres", "ITC_JDBC_PASSWORD", 1, "narrow", "influx", "7d", "",
                Map.of()), new Plan.Topics(1, -1), containers);
    }

    private static Plan.ContainerEntry entry(String db, String rp, String m, boolean migrate) {
        return new Plan.ContainerEntry(db, rp, m, migrate, null, null, null, null);
    }
}
