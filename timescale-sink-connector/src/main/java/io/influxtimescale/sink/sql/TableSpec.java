package io.influxtimescale.sink.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A target table as the write path sees it: its name, the columns rows carry (in row order), and the unique key the
 * upsert conflicts on. Columns that are not in the key are overwritten by the newer row (last write wins). In a
 * {@link #sparse() sparse} table a NULL means "no value in this row", never "erase": a NULL neither replaces a present
 * value in the table nor in an earlier row of the same batch (the wide layout, where a row holds many fields and a
 * point may carry only some of them).
 *
 * <p>Two specs are equal only when name, columns, key and sparseness are: a table whose columns grow while the sink
 * runs (wide layout) gets a new spec, and with it new cached statements and a new staging table.
 */
public final class TableSpec {
    private final String schema;
    private final String table;
    private final List<Column> columns;
    private final List<String> keyColumns;
    private final boolean sparse;
    /** Cached: the write path looks a spec up for every row (bench/run found the recomputation in its profile). */
    private final int hash;

    public TableSpec(String schema, String table, List<Column> columns, List<String> keyColumns) {
        this(schema, table, columns, keyColumns, false);
    }

    public TableSpec(String schema, String table, List<Column> columns, List<String> keyColumns, boolean sparse) {
        Identifiers.check(schema);
        Identifiers.check(table);
        this.schema = schema;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.keyColumns = List.copyOf(keyColumns);
        this.sparse = sparse;
        this.hash = Objects.hash(schema, table, this.columns, this.keyColumns, sparse);
        if (this.columns.isEmpty() || this.keyColumns.isEmpty()) {
            throw new IllegalArgumentException("table " + table + " needs columns and a key");
        }
        for (String key : this.keyColumns) {
            if (indexOf(key) < 0) {
                throw new IllegalArgumentException("key column " + key + " is not a column of " + table);
            }
        }
    }

    public String schema() {
        return schema;
    }

    public String table() {
        return table;
    }

    /** {@code "schema"."table"}. */
    public String qualifiedName() {
        return Identifiers.qualified(schema, table);
    }

    public List<Column> columns() {
        return columns;
    }

    public List<String> keyColumns() {
        return keyColumns;
    }

    /** True when NULL values mean "absent" and must never overwrite a present value. */
    public boolean sparse() {
        return sparse;
    }

    /** The columns that are not part of the key, in row order. */
    public List<Column> valueColumns() {
        List<Column> out = new ArrayList<>();
        for (Column c : columns) {
            if (!keyColumns.contains(c.name())) {
                out.add(c);
            }
        }
        return out;
    }

    public int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TableSpec)) {
            return false;
        }
        TableSpec other = (TableSpec) o;
        return sparse == other.sparse && schema.equals(other.schema) && table.equals(other.table)
                && columns.equals(other.columns) && keyColumns.equals(other.keyColumns);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
