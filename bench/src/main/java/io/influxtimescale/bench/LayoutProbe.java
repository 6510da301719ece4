package io.influxtimescale.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import io.influxtimescale.sink.sql.Identifiers;

/**
 * What the benchmark asks TimescaleDB about each layout's tables: how many rows a data set makes, whether its last
 * point has arrived (a cheap query: one time, through the hypertables' time index), how many rows there are in all,
 * and the times of the live benchmark's marker series.
 */
final class LayoutProbe {
    private final String layout;
    private final String schema;

    LayoutProbe(String layout, String schema) {
        this.layout = layout;
        this.schema = schema;
    }

    /** Rows one point of the data set (four fields) becomes. */
    int rowsPerPoint() {
        return layout.equals("wide") ? 1 : DataSet.FIELDS;
    }

    private boolean nanosecondTime() {
        return layout.equals("shepard");
    }

    private List<String> dataTables() {
        List<String> tables = new ArrayList<>();
        switch (layout) {
            case "narrow":
                tables.add("points");
                break;
            case "shepard":
                tables.add("timeseries_data_points");
                break;
            case "wide":
                for (int m = 0; m < DataSet.MEASUREMENTS; m++) {
                    tables.add(DataSet.measurement(m) + "_data");
                }
                break;
            default:
                throw new IllegalArgumentException("no probe for layout " + layout);
        }
        return tables;
    }

    private String table(String name) {
        return Identifiers.quote(schema) + "." + Identifiers.quote(name);
    }

    /** Rows at time {@code ns} over every data table (0 while the tables do not exist yet). */
    long rowsAt(Connection c, long ns) {
        StringJoiner union = new StringJoiner(" UNION ALL ");
        for (String t : dataTables()) {
            union.add("SELECT count(*) AS n FROM " + table(t) + " WHERE \"time\" = ?");
        }
        try (PreparedStatement st = c.prepareStatement("SELECT sum(n) FROM (" + union + ") x")) {
            for (int i = 1; i <= dataTables().size(); i++) {
                if (nanosecondTime()) {
                    st.setLong(i, ns);
                } else {
                    st.setObject(i, OffsetDateTime.ofInstant(Instant.ofEpochSecond(0, ns), ZoneOffset.UTC));
                }
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            return 0; // the sink has not created its tables yet
        }
    }

    long totalRows(Connection c) throws SQLException {
        StringJoiner union = new StringJoiner(" UNION ALL ");
        for (String t : dataTables()) {
            union.add("SELECT count(*) AS n FROM " + table(t));
        }
        try (PreparedStatement st = c.prepareStatement("SELECT sum(n) FROM (" + union + ") x");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Nanosecond times of the points of measurement {@code marker} written in the last 10 minutes. */
    List<Long> markerTimes(Connection c, String marker) throws SQLException {
        String sql;
        switch (layout) {
            case "narrow":
                sql = "SELECT (extract(epoch FROM p.\"time\") * 1000000)::bigint * 1000 + p.time_ns FROM "
                        + table("points") + " p JOIN " + table("series") + " s ON s.id = p.series_id "
                        + "WHERE s.measurement = ? AND p.\"time\" > now() - interval '10 minutes'";
                break;
            case "wide":
                sql = "SELECT (extract(epoch FROM \"time\") * 1000000)::bigint * 1000 + time_ns FROM "
                        + table(marker + "_data") + " WHERE ? IS NOT NULL AND \"time\" > now() - interval '10 minutes'";
                break;
            case "shepard":
                sql = "SELECT p.\"time\" FROM " + table("timeseries_data_points") + " p JOIN " + table("timeseries")
                        + " s ON s.id = p.timeseries_id WHERE s.measurement = ? AND p.\"time\" > "
                        + "(extract(epoch FROM now() - interval '10 minutes') * 1e9)::bigint";
                break;
            default:
                throw new IllegalArgumentException("no probe for layout " + layout);
        }
        List<Long> times = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, marker);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getLong(1));
                }
            }
        }
        return times;
    }
}
