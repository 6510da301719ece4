package io.influxtimescale.it.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.fixtures.TimescaleServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code PUT /connector-plugins/.../config/validate} connects and reports problems on the field that causes them. */
class SinkConfigValidationIT {
    @RegisterExtension
    static final TimescaleServer TIMESCALE = TimescaleServer.create();
    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create();

    private final SinkHarness harness = new SinkHarness(CONNECT, TIMESCALE);

    private Map<String, List<String>> errors(Map<String, String> settings) {
        Map<String, String> config = new HashMap<>(settings);
        config.put("name", "validated-sink");
        JsonNode result = CONNECT.rest().validateConfig(SinkHarness.SINK, config);
        Map<String, List<String>> out = new HashMap<>();
        for (JsonNode c : result.path("configs")) {
            List<String> messages = new ArrayList<>();
            c.path("value").path("errors").forEach(e -> messages.add(e.asText()));
            if (!messages.isEmpty()) {
                out.put(c.path("value").path("name").asText(), messages);
            }
        }
        return out;
    }

    @Test
    void aGoodConfigurationHasNoErrors() throws Exception {
        String db = TIMESCALE.createDatabase("valid_ok");
        assertThat(errors(harness.sinkConfig("wide", "t", db, "influx"))).isEmpty();
    }

    @Test
    void reportsEachProblemOnItsField() throws Exception {
        String db = TIMESCALE.createDatabase("valid_checks");
        Map<String, String> base = harness.sinkConfig("wide", "t", db, "influx");

        Map<String, String> wrongPassword = new HashMap<>(base);
        wrongPassword.put("connection.password", "wrong");
        assertThat(errors(wrongPassword)).containsOnlyKeys("connection.password")
                .extractingByKey("connection.password").asString().contains("authentication failed");

        Map<String, String> unreachable = new HashMap<>(base);
        unreachable.put("connection.url", "jdbc:postgresql://127.0.0.1:" + Fixtures.freeLoopbackPort() + "/x");
        assertThat(errors(unreachable)).containsOnlyKeys("connection.url")
                .extractingByKey("connection.url").asString().contains("cannot reach the server");

        Map<String, String> noDatabase = new HashMap<>(base);
        noDatabase.put("connection.url", TIMESCALE.jdbcUrl("does_not_exist"));
        assertThat(errors(noDatabase)).containsOnlyKeys("connection.url")
                .extractingByKey("connection.url").asString().contains("does not exist");

        try (Connection c = TIMESCALE.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE plain LOGIN PASSWORD 'plain-pw'");
            // TimescaleDB is a trusted extension: a database owner could create it, other users cannot
            s.execute("CREATE DATABASE no_timescale");
            s.execute("REVOKE CREATE ON DATABASE no_timescale FROM PUBLIC");
        }
        try (Connection c = TIMESCALE.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA locked");
            s.execute("REVOKE CREATE ON DATABASE " + db + " FROM PUBLIC");
        }
        Map<String, String> noExtension = new HashMap<>(base);
        noExtension.put("connection.url", TIMESCALE.jdbcUrl("no_timescale"));
        noExtension.put("connection.user", "plain");
        noExtension.put("connection.password", "plain-pw");
        // (this user also may not create the schema there: reported on target.schema)
        assertThat(errors(noExtension)).containsOnlyKeys("connection.user", "target.schema")
                .extractingByKey("connection.user").asString().contains("TimescaleDB extension")
                .contains("cannot be created");

        Map<String, String> noPrivileges = new HashMap<>(base);
        noPrivileges.put("connection.user", "plain");
        noPrivileges.put("connection.password", "plain-pw");
        noPrivileges.put("target.schema", "locked");
        assertThat(errors(noPrivileges)).containsOnlyKeys("target.schema")
                .extractingByKey("target.schema").asString().contains("USAGE on schema 'locked'")
                .contains("CREATE on schema 'locked'");

        Map<String, String> noSchema = new HashMap<>(noPrivileges);
        noSchema.put("target.schema", "new_schema");
        assertThat(errors(noSchema)).containsOnlyKeys("target.schema")
                .extractingByKey("target.schema").asString().contains("CREATE on the database");
    }
}
