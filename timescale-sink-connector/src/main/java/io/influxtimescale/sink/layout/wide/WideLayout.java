package io.influxtimescale.sink.layout.wide;

import java.sql.SQLException;
import java.util.AbstractMap;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.sink.layout.CatalogResolver;
import io.influxtimescale.sink.layout.HashedCatalogStatements;
import io.influxtimescale.sink.layout.Layout;
import io.influxtimescale.sink.layout.PointKey;
import io.influxtimescale.sink.layout.RowSink;
import io.influxtimescale.sink.layout.Texts;
import io.influxtimescale.sink.layout.Transactions;
import io.influxtimescale.sink.sql.Identifiers;
import io.influxtimescale.sink.sql.TimeSplit;
import io.influxtimescale.sink.sql.ValueColumn;

/**
 * A hypertable per (database, retention policy, measurement), the way InfluxDB users think of their data: a row per
 * series and time, keyed by (series_id, time, time_ns), a typed column per field (and per type of a field), the tag
 * sets in one series catalog, and a view per measurement that joins the tags back as columns. Tables, columns and
 * views are created as measurements, fields and tag keys appear (see {@link WideCatalog}); names follow {@link
 * WideNames} and are recorded in the catalog. Rows are sparse: a field missing at a time is NULL and never
 * overwrites a value already written.
 */
public final class WideLayout implements Layout {
    public static final String NAME = "wide";

    private final String schema;
    private final WideCatalog catalog;
    private final CatalogResolver<WideSeries> seriesIds;
    /** Tables known to this task, by (database, retention policy, measurement). */
    private final Map<List<String>, WideTable> tables = new LinkedHashMap<>();

    public WideLayout(String schema, boolean schemaPerDatabase, long chunkIntervalMs, int cacheSize) {
        this.schema = schema;
        this.catalog = new WideCatalog(schema, schemaPerDatabase, chunkIntervalMs);
        this.seriesIds = new CatalogResolver<>(new SeriesStatements(schema), Comparator.comparing(
                WideSeries::hashHex), cacheSize);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> bootstrapStatements() {
        return WideSql.catalogDdl(schema);
    }

    @Override
    public List<String> tableNames() {
        return List.of(WideSql.SERIES_TABLE, WideSql.TABLES_TABLE, WideSql.COLUMNS_TABLE);
    }

    @Override
    public void check(SeriesWindow window) {
        Texts.requireNoNul(window);
    }

    private static List<String> container(SeriesKey s) {
        return List.of(s.database(), s.retentionPolicy(), s.measurement());
    }

    @Override
    public void prepare(Transactions transactions, List<SeriesWindow> windows) throws SQLException {
        Map<List<String>, WideCatalog.Needs> needs = new LinkedHashMap<>();
        seriesIds.begin();
        for (SeriesWindow window : windows) {
            SeriesKey s = window.series();
            WideCatalog.Needs n = needs.computeIfAbsent(container(s),
                    k -> new WideCatalog.Needs(s.database(), s.retentionPolicy(), s.measurement()));
            n.tags.addAll(s.tags().keySet());
            for (FieldColumn f : window.fields()) {
                n.fields.add(new AbstractMap.SimpleImmutableEntry<>(f.name(), f.type()));
            }
            seriesIds.need(new WideSeries(s));
        }
        for (Map.Entry<List<String>, WideCatalog.Needs> e : needs.entrySet()) {
            if (!e.getValue().satisfiedBy(tables.get(e.getKey()))) {
                tables.put(e.getKey(), catalog.ensure(transactions, e.getValue()));
            }
        }
        seriesIds.resolve(transactions);
    }

    /** The table of a measurement as this task knows it (after {@link #prepare}); null when never prepared. */
    public WideTable table(String database, String retentionPolicy, String measurement) {
        return tables.get(List.of(database, retentionPolicy, measurement));
    }

    /** A row per series and time: every time of a window has at least one field value. */
    @Override
    public long rowsOf(SeriesWindow window) {
        return window.size();
    }

    @Override
    public void addRows(SeriesWindow window, RowSink sink) {
        WideTable table = tables.get(container(window.series()));
        if (table == null) {
            throw new IllegalStateException("measurement of " + window.series() + " was not prepared");
        }
        addRows(table, window, seriesIds.id(new WideSeries(window.series())), sink);
    }

    /** The rows of a window: one per time that has at least one field value, fields in their columns. */
    static void addRows(WideTable table, SeriesWindow window, long seriesId, RowSink sink) {
        int width = table.spec().columns().size();
        Object[][] rows = new Object[window.size()][];
        for (FieldColumn field : window.fields()) {
            int column = table.rowIndex(field.name(), field.type());
            for (int i = 0; i < field.size(); i++) {
                int t = field.timeIndex(i);
                Object[] row = rows[t];
                if (row == null) {
                    row = new Object[width];
                    rows[t] = row;
                }
                row[column] = ValueColumn.carriedValue(field, i);
            }
        }
        for (int t = 0; t < rows.length; t++) {
            Object[] row = rows[t];
            if (row == null) {
                continue;
            }
            long ns = window.timeAt(t);
            row[0] = seriesId;
            row[1] = TimeSplit.micros(ns);
            row[2] = TimeSplit.nanosOfMicro(ns);
            sink.add(table.spec(), new PointKey(seriesId, ns), row);
        }
    }

    /** Inserts and reads back rows of the wide series catalog, by hash. */
    private static final class SeriesStatements extends HashedCatalogStatements<WideSeries> {
        private final String schema;

        SeriesStatements(String schema) {
            super(Identifiers.qualified(schema, WideSql.SERIES_TABLE), 5);
            this.schema = schema;
        }

        @Override
        public String insertSql() {
            return WideSql.insertSeries(schema);
        }

        @Override
        protected String[] values(WideSeries s) {
            return new String[] {s.hashHex(), s.series().database(), s.series().retentionPolicy(),
                s.series().measurement(), s.tagsJson()};
        }
    }
}
