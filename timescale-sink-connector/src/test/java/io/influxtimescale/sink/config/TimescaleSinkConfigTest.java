package io.influxtimescale.sink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class TimescaleSinkConfigTest {
    private static Map<String, String> base() {
        Map<String, String> m = new HashMap<>();
        m.put("connection.url", "jdbc:postgresql://127.0.0.1:5432/db");
        m.put("connection.user", "u");
        m.put("connection.password", "secret");
        return m;
    }

    @Test
    void defaultsAndTypedGetters() {
        TimescaleSinkConfig c = new TimescaleSinkConfig(base());
        assertThat(c.layout()).isEqualTo("wide");
        assertThat(c.wideSchemaPerDatabase()).isFalse();
        assertThat(c.targetSchema()).isEqualTo("influx");
        assertThat(c.connectionPassword().value()).isEqualTo("secret");
        assertThat(c.connectionPassword().toString()).doesNotContain("secret");
        assertThat(c.batchMaxRows()).isEqualTo(100_000);
        assertThat(c.writeMethod()).isEqualTo("staged-copy");
        assertThat(c.skipUnchanged()).isTrue();
        assertThat(c.chunkTimeIntervalMs()).isEqualTo(7L * 24 * 3600 * 1000);
    }

    @Test
    void aUrlCarryingAPasswordIsRejectedOnItsFieldWithoutShowingThePassword() {
        for (String url : List.of("jdbc:postgresql://h:5432/db?user=u&password=hunter2",
                "jdbc:postgresql://h/db?sslmode=require&sslpassword=hunter2", "jdbc:postgresql://u:hunter2@h/db")) {
            Map<String, String> m = base();
            m.put("connection.url", url);
            assertThatThrownBy(() -> new TimescaleSinkConfig(m)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("connection.url").hasMessageNotContaining("hunter2");
            List<String> errors = TimescaleSinkConfig.CONFIG_DEF.validate(m).stream()
                    .filter(v -> v.name().equals("connection.url")).findFirst().orElseThrow().errorMessages();
            assertThat(errors).singleElement().asString().contains("must not carry").doesNotContain("hunter2");
            assertThat(JdbcUrls.redacted(url)).doesNotContain("hunter2").contains("****");
        }
        Map<String, String> ok = base();
        ok.put("connection.url", "jdbc:postgresql://h/db?sslmode=verify-full&sslrootcert=/ca.pem&passwordish=1");
        assertThat(new TimescaleSinkConfig(ok).connectionUrl()).endsWith("passwordish=1");
    }

    @Test
    void sessionLimitsHaveDefaultsBelowTheConsumersPollInterval() {
        SessionSettings s = new TimescaleSinkConfig(base()).sessionSettings();
        assertThat(s.lockTimeoutMs()).isEqualTo(10_000);
        assertThat(s.statementTimeoutMs()).isEqualTo(120_000);
        assertThat(s.socketTimeoutMs()).isEqualTo(180_000).isLessThan(300_000); // max.poll.interval.ms default
        assertThat(new SessionSettings(1, 0, 0).socketTimeoutSeconds()).as("rounded up").isEqualTo(1);
    }

    @Test
    void validatorsNameTheField() {
        Map<String, String> m = base();
        m.put("connection.url", "jdbc:mysql://x");
        m.put("target.schema", "s".repeat(64));
        m.put("layout", "wide-ish");
        m.put("shepard.container.ids", "x");
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue v : TimescaleSinkConfig.CONFIG_DEF.validate(m)) {
            errors.put(v.name(), v.errorMessages());
        }
        assertThat(errors.get("connection.url")).isNotEmpty();
        assertThat(errors.get("target.schema")).anySatisfy(e -> assertThat(e).contains("63"));
        assertThat(errors.get("layout")).isNotEmpty();
        assertThat(errors.get("shepard.container.ids")).isNotEmpty();
        assertThat(errors.get("connection.user")).isEmpty();
    }

    @Test
    void shepardNeedsAMapping() {
        Map<String, String> m = base();
        m.put("layout", "shepard");
        assertThatThrownBy(() -> new TimescaleSinkConfig(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("shepard.container.ids");
        m.put("shepard.container.ids", "lab=4");
        assertThat(new TimescaleSinkConfig(m).shepardContainerIds()).containsEntry("lab", 4L);
    }
}
