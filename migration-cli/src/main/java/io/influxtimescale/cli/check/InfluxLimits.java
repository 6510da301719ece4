package io.influxtimescale.cli.check;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.influxtimescale.source.influx.InfluxException;
import io.influxtimescale.source.influx.InfluxHttpClient;
import io.influxtimescale.source.influx.QueryResponseReader;

/**
 * InfluxDB's settings that abort or cut short queries, as {@code SHOW DIAGNOSTICS} reports them (sections
 * {@code config-coordinator} and {@code config-httpd} of InfluxDB 1.x; 0 or "0s" means unlimited). Reading them
 * needs admin rights when authentication is on; InfluxDB 2.x/3.x do not offer the statement.
 *
 * @param maxSelectPoint   points one SELECT may process ({@code [coordinator] max-select-point})
 * @param maxSelectSeries  series one SELECT may touch ({@code max-select-series})
 * @param maxSelectBuckets {@code GROUP BY time()} buckets one SELECT may produce ({@code max-select-buckets})
 * @param queryTimeout     {@code query-timeout}, e.g. "0s" or "30s"
 * @param maxRowLimit      rows of a non-chunked answer ({@code [http] max-row-limit})
 */
public record InfluxLimits(long maxSelectPoint, long maxSelectSeries, long maxSelectBuckets, String queryTimeout,
                           long maxRowLimit) {
    /**
     * Reads the limits, or empty with the reason when the server does not tell. Ask with a JSON client: InfluxDB
     * 1.6 encodes some of these settings in msgpack as maps.
     */
    public static Optional<InfluxLimits> read(InfluxHttpClient influx, StringBuilder whyNot) {
        Map<String, Object> values = new HashMap<>();
        try (QueryResponseReader r = influx.query(null, "SHOW DIAGNOSTICS", 0)) {
            while (r.nextRow()) {
                String section = r.series().name();
                if (!section.equals("config-coordinator") && !section.equals("config-httpd")) {
                    continue;
                }
                for (int i = 0; i < r.columns().size(); i++) {
                    values.put(section + "/" + r.columns().get(i), r.value(i));
                }
            }
        } catch (InfluxException.QueryFailed | InfluxException.AuthFailed e) {
            whyNot.append(e.getMessage());
            return Optional.empty();
        }
        if (!values.containsKey("config-coordinator/max-select-point")) {
            whyNot.append("SHOW DIAGNOSTICS has no config-coordinator section (not InfluxDB 1.x?)");
            return Optional.empty();
        }
        return Optional.of(new InfluxLimits(number(values, "config-coordinator/max-select-point"),
                number(values, "config-coordinator/max-select-series"),
                number(values, "config-coordinator/max-select-buckets"),
                String.valueOf(values.getOrDefault("config-coordinator/query-timeout", "0s")),
                number(values, "config-httpd/max-row-limit")));
    }

    private static long number(Map<String, Object> values, String key) {
        Object v = values.get(key);
        return v instanceof Number ? ((Number) v).longValue() : 0L;
    }

    public boolean hasQueryTimeout() {
        return !queryTimeout.isEmpty() && !queryTimeout.equals("0s") && !queryTimeout.equals("0");
    }
}
