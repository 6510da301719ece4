package io.influxtimescale.it.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.KafkaConnectFixture;

/**
 * What users see when the configuration is wrong: {@code validate} (PUT /connector-plugins/.../config/validate)
 * contacts InfluxDB and puts each problem on its field. (Query errors such as max-select-point are covered by the
 * module's BackfillPhaseHttpTest: InfluxDB 1.x checks that limit only every 10 s of a running query, too slow to
 * provoke here.)
 */
class InfluxSourceErrorsIT {
    private static final String DB = "limited";

    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.create().withAuth("admin", "s3cret");

    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create();

    @BeforeAll
    static void data() {
        INFLUX.query("CREATE DATABASE " + DB);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            lines.append("big v=").append(i).append(" ").append(1_000_000_000_000_000_000L + i).append('\n');
        }
        INFLUX.write(DB, lines.toString());
    }

    private static Map<String, String> config() {
        Map<String, String> c = SourceConnectorConfigs.base(INFLUX.url(), "err.");
        c.put("influxdb.username", INFLUX.adminUser());
        c.put("influxdb.password", INFLUX.adminPassword());
        c.put("name", "validated-source");
        return c;
    }

    private static List<String> errors(JsonNode validation, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : validation.path("configs")) {
            if (field.equals(c.path("value").path("name").asText())) {
                c.path("value").path("errors").forEach(e -> out.add(e.asText()));
            }
        }
        return out;
    }

    @Test
    void validatePutsEachProblemOnItsField() {
        String cls = SourceConnectorConfigs.SOURCE_CLASS;
        JsonNode ok = CONNECT.rest().validateConfig(cls, config());
        assertThat(ok.path("error_count").asInt()).as(ok.toString()).isZero();

        Map<String, String> unreachable = config();
        unreachable.put("influxdb.url", "http://127.0.0.1:" + Fixtures.freeLoopbackPort());
        JsonNode v1 = CONNECT.rest().validateConfig(cls, unreachable);
        assertThat(errors(v1, "influxdb.url")).singleElement().asString().contains("not reachable");

        Map<String, String> wrongPassword = config();
        wrongPassword.put("influxdb.password", "wrong");
        JsonNode v2 = CONNECT.rest().validateConfig(cls, wrongPassword);
        assertThat(errors(v2, "influxdb.username")).singleElement().asString().contains("refused the credentials");
        assertThat(errors(v2, "influxdb.password")).hasSize(1);
        assertThat(v2.toString()).doesNotContain("wrong\"").doesNotContain("s3cret");

        Map<String, String> unknownDb = config();
        unknownDb.put("databases.include", "limited,nosuchdb");
        JsonNode v3 = CONNECT.rest().validateConfig(cls, unknownDb);
        assertThat(errors(v3, "databases.include")).singleElement().asString().contains("'nosuchdb' matches no "
                + "database");

        // a deprecated key (window.duration took text) is still checked, on its own field
        Map<String, String> badWindow = config();
        badWindow.put("window.duration", "one hour");
        JsonNode v4 = CONNECT.rest().validateConfig(cls, badWindow);
        assertThat(errors(v4, "window.duration")).singleElement().asString().contains("not a duration");

        Map<String, String> backwards = config();
        backwards.put("backfill.from", "2024-02-01T00:00:00Z");
        backwards.put("backfill.until", "2024-01-01T00:00:00Z");
        JsonNode v5 = CONNECT.rest().validateConfig(cls, backwards);
        assertThat(errors(v5, "backfill.from")).singleElement().asString().contains("must be before backfill.until");
        assertThat(v5.path("error_count").asInt()).isEqualTo(1);
    }
}
