package io.influxtimescale.source.influx;

import java.util.List;

/**
 * The one place where InfluxQL text is built from user data. Identifiers (database, retention policy, measurement,
 * field and tag keys) are always double-quoted, string literals single-quoted, each with its quote and the backslash
 * escaped: names in InfluxDB may hold spaces, commas, '=', quotes, backslashes, dots and any unicode, and a dot inside
 * a quoted measurement name is not a retention policy separator.
 */
public final class InfluxQl {
    private InfluxQl() {
    }

    /** {@code "name"} with {@code \} and {@code "} escaped. */
    public static String identifier(String name) {
        return quote(name, '"');
    }

    /** {@code 'text'} with {@code \} and {@code '} escaped. */
    public static String stringLiteral(String text) {
        return quote(text, '\'');
    }

    /** {@code "db"."rp"."measurement"}: the fully qualified source of a SELECT. */
    public static String qualifiedMeasurement(String database, String retentionPolicy, String measurement) {
        return identifier(database) + "." + identifier(retentionPolicy) + "." + identifier(measurement);
    }

    /**
     * {@code SELECT "f1"::field, "f2"::field FROM "db"."rp"."m" WHERE time >= start AND time < end GROUP BY *}.
     * {@code ::field} selects the field, never a tag of the same key (tags arrive through {@code GROUP BY *}, once
     * per series); within one shard group it returns each value with its stored type.
     */
    public static String selectWindow(String database, String retentionPolicy, String measurement,
                                      List<String> fields, long startNs, long endNs) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a window query needs at least one field");
        }
        StringBuilder q = new StringBuilder(64 + fields.size() * 16);
        q.append("SELECT ");
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                q.append(", ");
            }
            q.append(identifier(fields.get(i))).append("::field");
        }
        q.append(" FROM ").append(qualifiedMeasurement(database, retentionPolicy, measurement));
        q.append(timeRange(startNs, endNs));
        q.append(" GROUP BY *");
        return q.toString();
    }

    /**
     * {@code SELECT * FROM "db"."rp"."m" WHERE time >= start AND time < end GROUP BY *}: the live phase's read of one
     * measurement. {@code *} takes the fields the measurement has when the query runs, so a field created a moment ago
     * is read too; with {@code GROUP BY *} it never returns tags as columns (they come once per series).
     */
    public static String selectAllFields(String database, String retentionPolicy, String measurement, long startNs,
                                         long endNs) {
        return "SELECT * FROM " + qualifiedMeasurement(database, retentionPolicy, measurement)
                + timeRange(startNs, endNs) + " GROUP BY *";
    }

    /**
     * The same read for several measurements of one retention policy in one query, through an anchored regular
     * expression of their exact names: one query per poll instead of one per measurement (measured in
     * docs/source-connector.md). Only safe for measurements whose field types agree: the server gives a field name
     * one type across the whole query and converts the other measurements' values to it.
     */
    public static String selectAllFields(String database, String retentionPolicy, List<String> measurements,
                                         long startNs, long endNs) {
        return "SELECT * FROM " + measurementsOf(database, retentionPolicy, measurements)
                + timeRange(startNs, endNs) + " GROUP BY *";
    }

    /**
     * Reconciliation's count: {@code count(*)} of every field of these measurements (a {@code count_<field>} column
     * each; tags are never counted) in {@code [start, end)}, per cell of {@code cellNs} (buckets aligned to the epoch,
     * the same grid the source's windows are cut from), empty cells left out. Measurements grouped in one query must
     * agree on their field types, as for {@link #selectAllFields(String, String, List, long, long)}: over several
     * measurements InfluxDB drops the values of a field whose type differs from the one it picked.
     */
    public static String countPerCell(String database, String retentionPolicy, List<String> measurements,
                                      long startNs, long endNs, long cellNs) {
        return "SELECT count(*) FROM " + measurementsOf(database, retentionPolicy, measurements)
                + timeRange(startNs, endNs) + " GROUP BY time(" + cellNs + "ns) fill(none)";
    }

    /** {@code count(*)} of every field of these measurements over the whole of {@code [start, end)}. */
    public static String countRange(String database, String retentionPolicy, List<String> measurements, long startNs,
                                    long endNs) {
        return "SELECT count(*) FROM " + measurementsOf(database, retentionPolicy, measurements)
                + timeRange(startNs, endNs);
    }

    /** One measurement quoted, or several through an anchored regular expression of their exact names. */
    private static String measurementsOf(String database, String retentionPolicy, List<String> measurements) {
        if (measurements.size() == 1) {
            return qualifiedMeasurement(database, retentionPolicy, measurements.get(0));
        }
        return identifier(database) + "." + identifier(retentionPolicy) + "." + exactNamesRegex(measurements);
    }

    /**
     * {@code /^(?:a|b)$/} matching exactly these names: regular-expression metacharacters are escaped for RE2 (the
     * Go engine InfluxDB uses) and {@code /}, which would end the literal, as {@code \/}.
     */
    public static String exactNamesRegex(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a regular expression of no names matches nothing");
        }
        StringBuilder b = new StringBuilder("/^(?:");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                b.append('|');
            }
            String name = names.get(i);
            if (!regexSafe(name)) {
                throw new IllegalArgumentException("measurement name " + identifier(name)
                        + " holds a control character and cannot go into a regular expression");
            }
            for (int k = 0; k < name.length(); k++) {
                char c = name.charAt(k);
                if (c == '/') {
                    b.append("\\/");
                } else {
                    if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                        b.append('\\');
                    }
                    b.append(c);
                }
            }
        }
        return b.append(")$/").toString();
    }

    /** Names with control characters (newlines above all) stay out of regular expressions: they are read alone. */
    public static boolean regexSafe(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < 0x20 || name.charAt(i) == 0x7f) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    /** Field keys with their types of every measurement of one retention policy, in one statement. */
    public static String showFieldKeysOfPolicy(String database, String retentionPolicy) {
        return "SHOW FIELD KEYS ON " + identifier(database) + " FROM " + identifier(retentionPolicy) + "./.*/";
    }

    /**
     * The first point of a measurement in one retention policy at or after {@code fromNs} and before {@code untilNs}:
     * its time is where a backfill starts and an empty answer means the policy holds no data of it in that range.
     */
    public static String firstPoint(String database, String retentionPolicy, String measurement, long fromNs,
                                    long untilNs) {
        return "SELECT * FROM " + qualifiedMeasurement(database, retentionPolicy, measurement)
                + timeRange(fromNs, untilNs) + " LIMIT 1";
    }

    /** The last point of a container at or after {@code fromNs} (the end of its time span, future included). */
    public static String lastPoint(String database, String retentionPolicy, String measurement, long fromNs) {
        return "SELECT * FROM " + qualifiedMeasurement(database, retentionPolicy, measurement)
                + " WHERE time >= " + fromNs + " ORDER BY time DESC LIMIT 1";
    }

    /** The last point of a container (operator tooling: the end of its time span). */
    public static String lastPoint(String database, String retentionPolicy, String measurement) {
        return "SELECT * FROM " + qualifiedMeasurement(database, retentionPolicy, measurement)
                + " ORDER BY time DESC LIMIT 1";
    }

    /** {@code count(*)} over every field of a container: one {@code count_<field>} column per field. */
    public static String countAll(String database, String retentionPolicy, String measurement) {
        return "SELECT count(*) FROM " + qualifiedMeasurement(database, retentionPolicy, measurement);
    }

    /** The exact number of series of a measurement (series belong to the database, whatever the policy). */
    public static String seriesCardinality(String database, String measurement) {
        return "SHOW SERIES EXACT CARDINALITY ON " + identifier(database) + " FROM " + identifier(measurement);
    }

    /** Bare integers in InfluxQL time comparisons are nanoseconds since the epoch (negative before 1970). */
    static String timeRange(long startNs, long endNs) {
        return " WHERE time >= " + startNs + " AND time < " + endNs;
    }

    public static String showRetentionPolicies(String database) {
        return "SHOW RETENTION POLICIES ON " + identifier(database);
    }

    public static String showMeasurements(String database) {
        return "SHOW MEASUREMENTS ON " + identifier(database);
    }

    public static String showFieldKeys(String database, String retentionPolicy, String measurement) {
        return "SHOW FIELD KEYS ON " + identifier(database) + " FROM " + identifier(retentionPolicy) + "."
                + identifier(measurement);
    }

    public static String showTagKeys(String database, String retentionPolicy, String measurement) {
        return "SHOW TAG KEYS ON " + identifier(database) + " FROM " + identifier(retentionPolicy) + "."
                + identifier(measurement);
    }

    private static String quote(String s, char quote) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        b.append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == quote) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append(quote).toString();
    }
}
