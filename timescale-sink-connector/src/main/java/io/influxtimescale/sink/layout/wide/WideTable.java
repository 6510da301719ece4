package io.influxtimescale.sink.layout.wide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.sink.sql.Column;
import io.influxtimescale.sink.sql.TableSpec;
import io.influxtimescale.sink.sql.ValueColumn;

/**
 * What the catalog says about one measurement's hypertable at one moment: where it is, its view, and its tag and
 * field columns in the order they were added. Immutable: a table that gains columns is read again into a new one.
 */
public final class WideTable {
    /** One catalog row: a tag key or a field of one type, and the column it got. */
    public static final class ColumnEntry {
        private final String kind;
        private final String influxName;
        private final String columnName;

        public ColumnEntry(String kind, String influxName, String columnName) {
            this.kind = kind;
            this.influxName = influxName;
            this.columnName = columnName;
        }

        public String kind() {
            return kind;
        }

        public String influxName() {
            return influxName;
        }

        public String columnName() {
            return columnName;
        }

        public boolean isTag() {
            return WideSql.TAG_KIND.equals(kind);
        }

        public FieldType fieldType() {
            return FieldType.fromWireName(kind);
        }
    }

    private final long id;
    private final String schema;
    private final String table;
    private final String view;
    private final List<ColumnEntry> columns;
    private final Map<String, ColumnEntry> byKey = new HashMap<>();
    private final Map<String, Integer> rowIndex = new HashMap<>();
    private final TableSpec spec;

    public WideTable(long id, String schema, String table, String view, List<ColumnEntry> columns) {
        this.id = id;
        this.schema = schema;
        this.table = table;
        this.view = view;
        this.columns = List.copyOf(columns);
        List<Column> fieldColumns = new ArrayList<>();
        for (ColumnEntry c : this.columns) {
            byKey.put(key(c.kind(), c.influxName()), c);
            if (!c.isTag()) {
                rowIndex.put(key(c.kind(), c.influxName()), WideSql.FIXED_COLUMN_COUNT + fieldColumns.size());
                fieldColumns.add(ValueColumn.of(c.fieldType()).carried(c.columnName()));
            }
        }
        this.spec = WideSql.spec(schema, table, fieldColumns);
    }

    private static String key(String kind, String influxName) {
        return kind + '\u0000' + influxName;
    }

    public long id() {
        return id;
    }

    public String schema() {
        return schema;
    }

    public String table() {
        return table;
    }

    public String view() {
        return view;
    }

    public List<ColumnEntry> columns() {
        return columns;
    }

    /** The write path's view of the hypertable: fixed columns, then the field columns known here. */
    public TableSpec spec() {
        return spec;
    }

    public boolean hasField(String field, FieldType type) {
        return byKey.containsKey(key(type.wireName(), field));
    }

    public boolean hasTag(String key) {
        return byKey.containsKey(key(WideSql.TAG_KIND, key));
    }

    /** The column of a field of one type, or null. */
    public String fieldColumn(String field, FieldType type) {
        ColumnEntry c = byKey.get(key(type.wireName(), field));
        return c == null ? null : c.columnName();
    }

    /** The view column of a tag key, or null. */
    public String tagColumn(String key) {
        ColumnEntry c = byKey.get(key(WideSql.TAG_KIND, key));
        return c == null ? null : c.columnName();
    }

    /** The index of a field's value in a row of {@link #spec()}. */
    public int rowIndex(String field, FieldType type) {
        Integer i = rowIndex.get(key(type.wireName(), field));
        if (i == null) {
            throw new IllegalStateException("field '" + field + "' (" + type.wireName() + ") has no column in "
                    + schema + "." + table);
        }
        return i;
    }
}
