package io.influxtimescale.source.config;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import io.influxtimescale.source.plan.TimeFormat;

/** ConfigDef validators for the source's own value formats; each message says what a valid value looks like. */
final class Validators {
    private Validators() {
    }

    static final ConfigDef.Validator HTTP_URL = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            String s = value == null ? "" : value.toString().trim();
            try {
                URI uri = new URI(s);
                if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                        || uri.getHost() == null) {
                    throw new ConfigException(name, value, "must be an http:// or https:// URL such as "
                            + "http://localhost:8086");
                }
                if (uri.getUserInfo() != null) {
                    throw new ConfigException(name, "(hidden)", "must not carry credentials; use influxdb.username "
                            + "and influxdb.password, or influxdb.token");
                }
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(name, value, "is not a URL: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "http(s)://host:port";
        }
    };

    static final ConfigDef.Validator REGEX_LIST = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            for (Object o : (List<?>) value) {
                try {
                    Pattern.compile(o.toString());
                } catch (PatternSyntaxException e) {
                    throw new ConfigException(name, value, "'" + o + "' is not a valid regular expression: "
                            + e.getDescription());
                }
            }
        }

        @Override
        public String toString() {
            return "comma-separated Java regular expressions, each matching a whole name";
        }
    };

    static final ConfigDef.Validator OPTIONAL_TIME = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            String s = value == null ? "" : value.toString().trim();
            if (s.isEmpty()) {
                return;
            }
            try {
                TimeFormat.parse(s);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "empty, or an RFC 3339 time such as 2024-01-31T12:00:00.000000001Z";
        }
    };

    static final ConfigDef.Validator DURATION = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                DurationText.parseNanos(value == null ? "" : value.toString());
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "a duration such as 1h, 30m, 1d (units ns, us, ms, s, m, h, d, w)";
        }
    };

    /** Kafka topic names hold at most 249 characters of [a-zA-Z0-9._-]. */
    static final ConfigDef.Validator TOPIC_PART = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            String s = value == null ? "" : value.toString();
            if (!s.matches("[a-zA-Z0-9._-]*") || s.length() > 200) {
                throw new ConfigException(name, value, "may hold only letters, digits, '.', '_' and '-' (at most 200)");
            }
        }

        @Override
        public String toString() {
            return "[a-zA-Z0-9._-]*";
        }
    };

    static final ConfigDef.Validator TOPIC_NAME = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            String s = value == null ? "" : value.toString();
            if (!s.matches("[a-zA-Z0-9._-]+") || s.length() > 249 || s.equals(".") || s.equals("..")) {
                throw new ConfigException(name, value, "must be a Kafka topic name: 1 to 249 of letters, digits, "
                        + "'.', '_' and '-'");
            }
        }

        @Override
        public String toString() {
            return "a Kafka topic name";
        }
    };
}
