package io.influxtimescale.source.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys renamed to the naming convention (durations as {@code *.ms}, {@code max.retries}; see
 * docs/config-reference.md) that are still accepted. Each is defined in the ConfigDef (so validate() checks its value
 * on its own field and the reference lists it), and {@link #translate} maps it onto its new key before the config is
 * parsed, so the typed getters only ever read the new keys. The new key wins when both are set.
 */
final class DeprecatedKeys {
    private static final Logger LOG = LoggerFactory.getLogger(DeprecatedKeys.class);
    private static final String GROUP = "Deprecated";

    /** An old key, the key it became and how its value converts. */
    record Alias(String oldKey, String newKey, Type oldType, ConfigDef.Validator validator,
                 UnaryOperator<String> convert) {
    }

    static final List<Alias> ALIASES = List.of(
            duration("window.duration", InfluxSourceConfig.WINDOW_DURATION_MS),
            duration("live.lateness", InfluxSourceConfig.LIVE_LATENESS_MS),
            duration("live.lateness.sweep.interval", InfluxSourceConfig.LIVE_SWEEP_INTERVAL_MS),
            duration("live.safety.delay", InfluxSourceConfig.LIVE_SAFETY_DELAY_MS),
            duration("live.poll.interval", InfluxSourceConfig.LIVE_POLL_INTERVAL_MS),
            duration("discovery.interval", InfluxSourceConfig.DISCOVERY_INTERVAL_MS),
            new Alias("retries.max", InfluxSourceConfig.MAX_RETRIES, Type.INT, ConfigDef.Range.atLeast(0),
                    UnaryOperator.identity()));

    private DeprecatedKeys() {
    }

    private static Alias duration(String oldKey, String newKey) {
        return new Alias(oldKey, newKey, Type.STRING, Validators.DURATION, DeprecatedKeys::textToMillis);
    }

    /** A text duration ("1d", "250ms") in whole milliseconds, rounded up so that nothing positive becomes 0. */
    static String textToMillis(String text) {
        long ns = DurationText.parseNanos(text);
        return Long.toString(Math.max(1, (ns + 999_999) / 1_000_000));
    }

    static void define(ConfigDef def) {
        int order = 0;
        for (Alias a : ALIASES) {
            def.define(a.oldKey(), a.oldType(), null, nullOr(a.validator()), Importance.LOW,
                    "Deprecated: use " + a.newKey() + (a.oldType() == Type.STRING
                            ? " (milliseconds). This key takes a text duration such as 1d, 30s or 250ms." : "."),
                    GROUP, ++order, Width.SHORT, a.oldKey());
        }
    }

    /**
     * The properties with every deprecated key that is set moved onto its new key (converted), logging a warning for
     * each. A value that does not convert fails on the old key's name.
     */
    static Map<String, String> translate(Map<String, String> props) {
        Map<String, String> out = null;
        for (Alias a : ALIASES) {
            String old = props.get(a.oldKey());
            if (old == null) {
                continue;
            }
            if (out == null) {
                out = new HashMap<>(props);
            }
            out.remove(a.oldKey());
            if (props.containsKey(a.newKey())) {
                LOG.warn("config key '{}' is deprecated and ignored because '{}' is set too", a.oldKey(), a.newKey());
                continue;
            }
            String converted;
            try {
                a.validator().ensureValid(a.oldKey(), a.oldType() == Type.INT ? parseInt(a.oldKey(), old) : old);
                converted = a.convert().apply(old.trim());
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new ConfigException(a.oldKey(), old, e.getMessage());
            }
            LOG.warn("config key '{}' is deprecated: use '{}={}' instead (the value is taken over)", a.oldKey(),
                    a.newKey(), converted);
            out.put(a.newKey(), converted);
        }
        return out == null ? props : out;
    }

    private static Integer parseInt(String key, String value) {
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "not a number");
        }
    }

    private static ConfigDef.Validator nullOr(ConfigDef.Validator v) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null) {
                    v.ensureValid(name, value);
                }
            }

            @Override
            public String toString() {
                return v.toString();
            }
        };
    }
}
