package io.influxtimescale.source.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** The key naming convention's renames (old keys still work), and the rules between keys. */
class InfluxSourceConfigTest {
    private static Map<String, String> base() {
        Map<String, String> props = new HashMap<>();
        props.put(InfluxSourceConfig.URL, "http://localhost:8086");
        return props;
    }

    @Test
    void durationsAreMillisecondsWithTheDocumentedDefaults() {
        InfluxSourceConfig c = new InfluxSourceConfig(base());
        assertThat(c.windowNs()).isEqualTo(86_400_000_000_000L);
        assertThat(c.liveLatenessNs()).isEqualTo(60_000_000_000L);
        assertThat(c.liveSweepIntervalNs()).isEqualTo(5_000_000_000L);
        assertThat(c.liveSafetyDelayNs()).isEqualTo(500_000_000L);
        assertThat(c.livePollIntervalNs()).isEqualTo(500_000_000L);
        assertThat(c.discoveryIntervalNs()).isEqualTo(30_000_000_000L);
        assertThat(c.retriesMax()).isEqualTo(10);
        assertThat(c.connectionSettings().readTimeout().toMillis()).isEqualTo(120_000);
    }

    @Test
    void deprecatedKeysStillWorkAndTheNewKeyWinsWhenBothAreSet() {
        Map<String, String> props = base();
        props.put("window.duration", "1h");
        props.put("live.lateness", "10s");
        props.put("live.lateness.sweep.interval", "2s");
        props.put("live.safety.delay", "250ms");
        props.put("live.poll.interval", "200ms");
        props.put("discovery.interval", "1m");
        props.put("retries.max", "3");
        InfluxSourceConfig old = new InfluxSourceConfig(props);
        assertThat(old.windowNs()).isEqualTo(3_600_000_000_000L);
        assertThat(old.liveLatenessNs()).isEqualTo(10_000_000_000L);
        assertThat(old.liveSweepIntervalNs()).isEqualTo(2_000_000_000L);
        assertThat(old.liveSafetyDelayNs()).isEqualTo(250_000_000L);
        assertThat(old.livePollIntervalNs()).isEqualTo(200_000_000L);
        assertThat(old.discoveryIntervalNs()).isEqualTo(60_000_000_000L);
        assertThat(old.retriesMax()).isEqualTo(3);

        props.put(InfluxSourceConfig.WINDOW_DURATION_MS, "60000");
        props.put(InfluxSourceConfig.MAX_RETRIES, "7");
        InfluxSourceConfig both = new InfluxSourceConfig(props);
        assertThat(both.windowNs()).isEqualTo(60_000_000_000L);
        assertThat(both.retriesMax()).isEqualTo(7);
    }

    @Test
    void aBadValueOfADeprecatedKeyIsReportedOnThatKey() {
        Map<String, String> props = base();
        props.put("window.duration", "soon");
        assertThatThrownBy(() -> new InfluxSourceConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("window.duration").hasMessageContaining("not a duration");
        List<ConfigValue> validated = InfluxSourceConfig.CONFIG_DEF.validate(props);
        assertThat(validated).filteredOn(v -> v.name().equals("window.duration")).singleElement()
                .satisfies(v -> assertThat(v.errorMessages()).singleElement().asString().contains("not a duration"));
    }

    @Test
    void aBackfillThatEndsBeforeItStartsIsRejectedOnBackfillFrom() {
        Map<String, String> props = base();
        props.put(InfluxSourceConfig.BACKFILL_FROM, "2024-02-01T00:00:00Z");
        props.put(InfluxSourceConfig.BACKFILL_UNTIL, "2024-01-01T00:00:00Z");
        assertThatThrownBy(() -> new InfluxSourceConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(InfluxSourceConfig.BACKFILL_FROM)
                .hasMessageContaining("must be before backfill.until");
        assertThat(InfluxSourceConfig.crossFieldProblems(props)).containsOnlyKeys(InfluxSourceConfig.BACKFILL_FROM);
        props.put(InfluxSourceConfig.BACKFILL_UNTIL, "2024-02-01T00:00:00Z");
        assertThat(InfluxSourceConfig.crossFieldProblems(props)).as("an empty range too").hasSize(1);
        props.put(InfluxSourceConfig.BACKFILL_UNTIL, "2024-02-01T00:00:00.000000001Z");
        assertThat(InfluxSourceConfig.crossFieldProblems(props)).isEmpty();
        new InfluxSourceConfig(props);
    }

    @Test
    void validateReportsTheBackfillRangeOnBackfillFromWithoutContactingInfluxDb() {
        Map<String, String> props = base();
        props.put(InfluxSourceConfig.URL, "http://127.0.0.1:1"); // nothing listens: the live part must not run
        props.put(InfluxSourceConfig.BACKFILL_FROM, "2024-02-01T00:00:00Z");
        props.put(InfluxSourceConfig.BACKFILL_UNTIL, "2024-01-01T00:00:00Z");
        org.apache.kafka.common.config.Config result = new org.apache.kafka.common.config.Config(
                InfluxSourceConfig.CONFIG_DEF.validate(props));
        LiveConfigCheck.check(props, result);
        Map<String, List<String>> errors = new HashMap<>();
        result.configValues().forEach(v -> errors.put(v.name(), v.errorMessages()));
        assertThat(errors.get(InfluxSourceConfig.BACKFILL_FROM)).singleElement().asString()
                .contains("must be before backfill.until");
        assertThat(errors.get(InfluxSourceConfig.URL)).isEmpty();
    }
}
