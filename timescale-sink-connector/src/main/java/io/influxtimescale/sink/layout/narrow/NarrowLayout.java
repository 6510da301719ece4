package io.influxtimescale.sink.layout.narrow;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.sink.layout.CatalogCache;
import io.influxtimescale.sink.layout.Layout;
import io.influxtimescale.sink.layout.PointKey;
import io.influxtimescale.sink.layout.RowSink;
import io.influxtimescale.sink.layout.Texts;
import io.influxtimescale.sink.sql.TableSpec;
import io.influxtimescale.sink.sql.TimeSplit;

/**
 * One series catalog and one points hypertable for everything: a row per field value, keyed by (series id, time,
 * time_ns). Catalog rows are identified by (database, retention policy, measurement, tags, field, value type), so a
 * field that has two types is two catalog rows and never collides with itself.
 */
public final class NarrowLayout implements Layout {
    public static final String NAME = "narrow";
    private static final int CATALOG_SLICE = 1000;

    private final String schema;
    private final long chunkIntervalMs;
    private final TableSpec points;
    private final CatalogCache<NarrowSeries> ids;
    /** The ids of the series of the windows last prepared (the cache may evict while a flush needs them). */
    private final Map<NarrowSeries, Long> prepared = new HashMap<>();

    public NarrowLayout(String schema, long chunkIntervalMs, int cacheSize) {
        this.schema = schema;
        this.chunkIntervalMs = chunkIntervalMs;
        this.points = NarrowSql.pointsSpec(schema);
        this.ids = new CatalogCache<>(cacheSize);
    }

    @Override
    public String name() {
        return NAME;
    }

    public TableSpec pointsTable() {
        return points;
    }

    @Override
    public List<String> bootstrapStatements() {
        return NarrowSql.ddl(schema, chunkIntervalMs);
    }

    @Override
    public List<String> tableNames() {
        return List.of(NarrowSql.SERIES_TABLE, NarrowSql.POINTS_TABLE);
    }

    @Override
    public void check(SeriesWindow window) {
        Texts.requireNoNul(window);
    }

    @Override
    public void prepare(Connection connection, List<SeriesWindow> windows) throws SQLException {
        prepared.clear();
        Map<String, NarrowSeries> missing = new LinkedHashMap<>();
        for (SeriesWindow window : windows) {
            for (FieldColumn field : window.fields()) {
                NarrowSeries s = new NarrowSeries(window.series(), field.name(), field.type());
                if (prepared.containsKey(s)) {
                    continue;
                }
                Long id = ids.get(s);
                if (id == null) {
                    missing.putIfAbsent(s.hashHex(), s);
                } else {
                    prepared.put(s, id);
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        List<NarrowSeries> all = new ArrayList<>(missing.values());
        // one order for every task: concurrent inserts of the same new series wait instead of deadlocking
        all.sort(Comparator.comparing(NarrowSeries::hashHex));
        for (int from = 0; from < all.size(); from += CATALOG_SLICE) {
            resolve(connection, all.subList(from, Math.min(all.size(), from + CATALOG_SLICE)));
        }
    }

    private void resolve(Connection connection, List<NarrowSeries> slice) throws SQLException {
        int n = slice.size();
        String[] h = new String[n];
        String[] d = new String[n];
        String[] r = new String[n];
        String[] m = new String[n];
        String[] t = new String[n];
        String[] f = new String[n];
        String[] v = new String[n];
        Map<String, NarrowSeries> byHash = new HashMap<>();
        for (int i = 0; i < n; i++) {
            NarrowSeries s = slice.get(i);
            h[i] = s.hashHex();
            d[i] = s.series().database();
            r[i] = s.series().retentionPolicy();
            m[i] = s.series().measurement();
            t[i] = s.tagsJson();
            f[i] = s.field();
            v[i] = s.type().wireName();
            byHash.put(h[i], s);
        }
        try (PreparedStatement insert = connection.prepareStatement(NarrowSql.insertSeries(schema))) {
            String[][] columns = {h, d, r, m, t, f, v};
            for (int i = 0; i < columns.length; i++) {
                insert.setArray(i + 1, connection.createArrayOf("text", columns[i]));
            }
            insert.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement(NarrowSql.selectSeriesIds(schema))) {
            Array hashes = connection.createArrayOf("text", h);
            select.setArray(1, hashes);
            int found = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    NarrowSeries s = byHash.get(rs.getString(1));
                    if (s != null) {
                        ids.put(s, rs.getLong(2));
                        prepared.put(s, rs.getLong(2));
                        found++;
                    }
                }
            }
            if (found != n) {
                throw new SQLException("series catalog " + schema + "." + NarrowSql.SERIES_TABLE + " returned "
                        + found + " of " + n + " series ids just inserted; was it changed concurrently?", "XX000");
            }
        }
    }

    @Override
    public void addRows(SeriesWindow window, RowSink sink) {
        addRows(points, window, s -> {
            Long id = prepared.get(s);
            if (id == null) {
                throw new IllegalStateException("series " + s + " was not prepared");
            }
            return id;
        }, sink);
    }

    /** The rows of a window: one per field value, the value in the column of its type. */
    static void addRows(TableSpec points, SeriesWindow window, ToLongFunction<NarrowSeries> ids, RowSink sink) {
        for (FieldColumn field : window.fields()) {
            long id = ids.applyAsLong(new NarrowSeries(window.series(), field.name(), field.type()));
            for (int i = 0; i < field.size(); i++) {
                long ns = window.timeAt(field.timeIndex(i));
                Object[] row = new Object[8];
                row[0] = id;
                row[1] = TimeSplit.micros(ns);
                row[2] = TimeSplit.nanosOfMicro(ns);
                switch (field.type()) {
                    case FLOAT:
                        row[3] = field.floatAt(i);
                        break;
                    case INTEGER:
                        row[4] = field.integerAt(i);
                        break;
                    case UNSIGNED:
                        row[5] = field.integerAt(i);
                        break;
                    case STRING:
                        row[6] = field.stringAt(i);
                        break;
                    case BOOLEAN:
                        row[7] = field.booleanAt(i);
                        break;
                    default:
                        throw new IllegalStateException("unhandled type " + field.type());
                }
                sink.add(points, new PointKey(id, ns), row);
            }
        }
    }
}
