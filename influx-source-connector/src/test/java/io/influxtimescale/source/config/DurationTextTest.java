package io.influxtimescale.source.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import io.influxtimescale.source.plan.TimeFormat;

class DurationTextTest {
    @Test
    void parsesInfluxStyleDurations() {
        assertThat(DurationText.parseNanos("1h")).isEqualTo(3_600_000_000_000L);
        assertThat(DurationText.parseNanos("1d12h")).isEqualTo(36 * 3_600_000_000_000L);
        assertThat(DurationText.parseNanos("250ms")).isEqualTo(250_000_000L);
        assertThatThrownBy(() -> DurationText.parseNanos("1 hour")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> DurationText.parseNanos("0s")).hasMessageContaining("positive");
    }

    @Test
    void rfc3339TimesKeepNanosecondsAndWorkBefore1970() {
        assertThat(TimeFormat.parse("1970-01-01T00:00:00.000000001Z")).isEqualTo(1L);
        assertThat(TimeFormat.parse("1969-12-31T23:59:59.999999999Z")).isEqualTo(-1L);
        assertThat(TimeFormat.format(-1L)).isEqualTo("1969-12-31T23:59:59.999999999Z");
        assertThat(TimeFormat.parse("2024-01-01T01:00:00+01:00")).isEqualTo(TimeFormat.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void configRejectsBadValuesOnTheirField() {
        Map<String, String> props = new HashMap<>();
        props.put(InfluxSourceConfig.URL, "http://localhost:8086");
        props.put(InfluxSourceConfig.WINDOW_DURATION_MS, "0");
        assertThatThrownBy(() -> new InfluxSourceConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(InfluxSourceConfig.WINDOW_DURATION_MS);
        props.put(InfluxSourceConfig.WINDOW_DURATION_MS, "3600000");
        props.put(InfluxSourceConfig.BACKFILL_FROM, "yesterday");
        assertThatThrownBy(() -> new InfluxSourceConfig(props)).hasMessageContaining(InfluxSourceConfig.BACKFILL_FROM);
        props.put(InfluxSourceConfig.BACKFILL_FROM, "");
        props.put(InfluxSourceConfig.DATABASES_INCLUDE, "(unclosed");
        assertThatThrownBy(() -> new InfluxSourceConfig(props)).hasMessageContaining("regular expression");
        props.put(InfluxSourceConfig.DATABASES_INCLUDE, "prod.*");
        props.put(InfluxSourceConfig.URL, "ftp://x");
        assertThatThrownBy(() -> new InfluxSourceConfig(props)).hasMessageContaining(InfluxSourceConfig.URL);
        props.put(InfluxSourceConfig.URL, "https://influx:8086/");
        InfluxSourceConfig ok = new InfluxSourceConfig(props);
        assertThat(ok.windowNs()).isEqualTo(3_600_000_000_000L);
        assertThat(ok.databasesExclude()).extracting(java.util.regex.Pattern::pattern).containsExactly("_internal");
        assertThat(ok.connectionSettings().toString()).doesNotContain("password");
    }
}
