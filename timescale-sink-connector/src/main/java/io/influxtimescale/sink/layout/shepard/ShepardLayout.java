package io.influxtimescale.sink.layout.shepard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.FieldType;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.sink.layout.CatalogCache;
import io.influxtimescale.sink.layout.CatalogResolver;
import io.influxtimescale.sink.layout.Layout;
import io.influxtimescale.sink.layout.PointKey;
import io.influxtimescale.sink.layout.RowSink;
import io.influxtimescale.sink.layout.Texts;
import io.influxtimescale.sink.layout.Transactions;
import io.influxtimescale.sink.sql.TableSpec;
import io.influxtimescale.sink.sql.ValueColumn;

/**
 * The schema of the shepard research data platform 4.x: {@code timeseries} (one row per container, measurement,
 * field, symbolic name, device, location) and the {@code timeseries_data_points} hypertable with bigint nanosecond
 * times. The container comes from the configured database mapping; tags {@code symbolic_name}, {@code device} and
 * {@code location} become columns (empty when absent); the retention policy and other tags have no place in this
 * schema.
 */
public final class ShepardLayout implements Layout {
    public static final String NAME = "shepard";
    public static final Set<String> TAG_COLUMNS = Set.of("symbolic_name", "device", "location");
    private static final Logger LOG = LoggerFactory.getLogger(ShepardLayout.class);

    private final String schema;
    private final Map<String, Long> containerIds;
    private final TableSpec points;
    private final CatalogResolver<ShepardSeries> ids;
    /** The value type of each timeseries this flush creates: the first type seen. */
    private final Map<ShepardSeries, String> firstTypes = new HashMap<>();
    private final CatalogCache<String> warnedMeasurements = new CatalogCache<>(1000);

    public ShepardLayout(String schema, Map<String, Long> containerIds, int cacheSize) {
        this.schema = schema;
        this.containerIds = Map.copyOf(containerIds);
        this.points = ShepardSql.pointsSpec(schema);
        this.ids = new CatalogResolver<>(new CatalogStatements(), ShepardSeries.ORDER, cacheSize);
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
        return ShepardSql.ddl(schema);
    }

    /** shepard's value_type for an InfluxDB field type. */
    public static String valueType(FieldType type) {
        return ShepardSql.storedAs(type).valueType();
    }

    @Override
    public List<String> tableNames() {
        return List.of(ShepardSql.SERIES_TABLE, ShepardSql.POINTS_TABLE);
    }

    @Override
    public void check(SeriesWindow window) {
        Texts.requireNoNul(window);
        containerId(window.series());
        for (FieldColumn field : window.fields()) {
            if (field.type() == FieldType.UNSIGNED) {
                for (int i = 0; i < field.size(); i++) {
                    if (field.integerAt(i) < 0) {
                        throw new DataException("unsigned value " + Long.toUnsignedString(field.integerAt(i))
                                + " of field '" + field.name() + "' at time " + window.timeAt(field.timeIndex(i))
                                + " of series " + window.series() + " does not fit shepard's int_value (bigint)");
                    }
                }
            }
        }
    }

    private long containerId(SeriesKey series) {
        Long id = containerIds.get(series.database());
        if (id == null) {
            throw new DataException("InfluxDB database '" + series.database() + "' has no shepard container id: add "
                    + "it to shepard.container.ids (configured: " + containerIds.keySet() + ")");
        }
        return id;
    }

    ShepardSeries identity(SeriesKey series, String field) {
        Map<String, String> tags = series.tags();
        return new ShepardSeries(containerId(series), series.measurement(), field,
                tags.getOrDefault("symbolic_name", ""), tags.getOrDefault("device", ""),
                tags.getOrDefault("location", ""));
    }

    @Override
    public void prepare(Transactions transactions, List<SeriesWindow> windows) throws SQLException {
        ids.begin();
        firstTypes.clear();
        for (SeriesWindow window : windows) {
            warnAboutDroppedTags(window.series());
            for (FieldColumn field : window.fields()) {
                ShepardSeries s = identity(window.series(), field.name());
                if (ids.need(s)) {
                    // the first type seen names the timeseries' value_type; points keep their own typed columns
                    firstTypes.putIfAbsent(s, valueType(field.type()));
                }
            }
        }
        ids.resolve(transactions);
    }

    private void warnAboutDroppedTags(SeriesKey series) {
        if (!TAG_COLUMNS.containsAll(series.tags().keySet())) {
            String m = series.database() + '\u0000' + series.measurement();
            if (warnedMeasurements.get(m) == null) {
                warnedMeasurements.put(m, 1);
                LOG.warn("shepard layout: measurement '{}' of database '{}' has tags other than {} ({}); shepard's "
                        + "timeseries table has no place for them, so series differing only in them share one "
                        + "timeseries", series.measurement(), series.database(), TAG_COLUMNS,
                        series.tags().keySet());
            }
        }
    }

    @Override
    public void addRows(SeriesWindow window, RowSink sink) {
        addRows(points, window, field -> ids.id(identity(window.series(), field)), sink);
    }

    /** Inserts and reads back rows of shepard's timeseries table, by its six identifying columns. */
    private final class CatalogStatements implements CatalogResolver.Statements<ShepardSeries> {
        @Override
        public String insertSql() {
            return ShepardSql.insertSeries(schema);
        }

        @Override
        public String selectSql() {
            return ShepardSql.selectSeriesIds(schema);
        }

        @Override
        public void bindInsert(Connection connection, PreparedStatement insert, List<ShepardSeries> slice)
                throws SQLException {
            bindIdentities(connection, insert, slice);
            String[] types = new String[slice.size()];
            for (int i = 0; i < types.length; i++) {
                types[i] = firstTypes.get(slice.get(i));
            }
            insert.setArray(7, connection.createArrayOf("text", types));
        }

        @Override
        public void bindSelect(Connection connection, PreparedStatement select, List<ShepardSeries> slice)
                throws SQLException {
            bindIdentities(connection, select, slice);
        }

        private void bindIdentities(Connection connection, PreparedStatement ps, List<ShepardSeries> slice)
                throws SQLException {
            int n = slice.size();
            Long[] c = new Long[n];
            String[][] text = new String[5][n];
            for (int i = 0; i < n; i++) {
                ShepardSeries s = slice.get(i);
                c[i] = s.containerId();
                text[0][i] = s.measurement();
                text[1][i] = s.field();
                text[2][i] = s.symbolicName();
                text[3][i] = s.device();
                text[4][i] = s.location();
            }
            ps.setArray(1, connection.createArrayOf("int8", c));
            for (int i = 0; i < text.length; i++) {
                ps.setArray(i + 2, connection.createArrayOf("text", text[i]));
            }
        }

        @Override
        public String tableName() {
            return schema + "." + ShepardSql.SERIES_TABLE;
        }
    }

    /** The rows of a window: one per field value, the value in the column of its type; ids by field name. */
    static void addRows(TableSpec points, SeriesWindow window, ToLongFunction<String> ids, RowSink sink) {
        for (FieldColumn field : window.fields()) {
            long id = ids.applyAsLong(field.name());
            int column = points.indexOf(ShepardSql.storedAs(field.type()).column());
            for (int i = 0; i < field.size(); i++) {
                long ns = window.timeAt(field.timeIndex(i));
                Object[] row = new Object[points.columns().size()];
                row[0] = id;
                row[1] = ns;
                row[column] = ValueColumn.carriedValue(field, i);
                sink.add(points, new PointKey(id, ns), row);
            }
        }
    }
}
