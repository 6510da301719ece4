package io.influxtimescale.sink.layout.narrow;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.sink.layout.CatalogResolver;
import io.influxtimescale.sink.layout.HashedCatalogStatements;
import io.influxtimescale.sink.layout.Layout;
import io.influxtimescale.sink.layout.PointKey;
import io.influxtimescale.sink.layout.RowSink;
import io.influxtimescale.sink.layout.Texts;
import io.influxtimescale.sink.layout.Transactions;
import io.influxtimescale.sink.sql.Identifiers;
import io.influxtimescale.sink.sql.TableSpec;
import io.influxtimescale.sink.sql.TimeSplit;
import io.influxtimescale.sink.sql.ValueColumn;

/**
 * One series catalog and one points hypertable for everything: a row per field value, keyed by (series id, time,
 * time_ns). Catalog rows are identified by (database, retention policy, measurement, tags, field, value type), so a
 * field that has two types is two catalog rows and never collides with itself.
 */
public final class NarrowLayout implements Layout {
    public static final String NAME = "narrow";

    private final String schema;
    private final long chunkIntervalMs;
    private final TableSpec points;
    private final CatalogResolver<NarrowSeries> ids;

    public NarrowLayout(String schema, long chunkIntervalMs, int cacheSize) {
        this.schema = schema;
        this.chunkIntervalMs = chunkIntervalMs;
        this.points = NarrowSql.pointsSpec(schema);
        // one order for every task: concurrent inserts of the same new series wait instead of deadlocking
        this.ids = new CatalogResolver<>(new CatalogStatements(schema), Comparator.comparing(NarrowSeries::hashHex),
                cacheSize);
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
    public void prepare(Transactions transactions, List<SeriesWindow> windows) throws SQLException {
        ids.begin();
        for (SeriesWindow window : windows) {
            for (FieldColumn field : window.fields()) {
                ids.need(new NarrowSeries(window.series(), field.name(), field.type()));
            }
        }
        ids.resolve(transactions);
    }

    @Override
    public void addRows(SeriesWindow window, RowSink sink) {
        addRows(points, window, ids::id, sink);
    }

    /** Inserts and reads back rows of the series catalog, by hash. */
    private static final class CatalogStatements extends HashedCatalogStatements<NarrowSeries> {
        private final String schema;

        CatalogStatements(String schema) {
            super(Identifiers.qualified(schema, NarrowSql.SERIES_TABLE), 7);
            this.schema = schema;
        }

        @Override
        public String insertSql() {
            return NarrowSql.insertSeries(schema);
        }

        @Override
        protected String[] values(NarrowSeries s) {
            return new String[] {s.hashHex(), s.series().database(), s.series().retentionPolicy(),
                s.series().measurement(), s.tagsJson(), s.field(), s.type().wireName()};
        }
    }

    /** The rows of a window: one per field value, the value in the column of its type. */
    static void addRows(TableSpec points, SeriesWindow window, ToLongFunction<NarrowSeries> ids, RowSink sink) {
        for (FieldColumn field : window.fields()) {
            long id = ids.applyAsLong(new NarrowSeries(window.series(), field.name(), field.type()));
            int column = points.indexOf(ValueColumn.of(field.type()).columnName());
            for (int i = 0; i < field.size(); i++) {
                long ns = window.timeAt(field.timeIndex(i));
                Object[] row = new Object[points.columns().size()];
                row[0] = id;
                row[1] = TimeSplit.micros(ns);
                row[2] = TimeSplit.nanosOfMicro(ns);
                row[column] = ValueColumn.carriedValue(field, i);
                sink.add(points, new PointKey(id, ns), row);
            }
        }
    }
}
