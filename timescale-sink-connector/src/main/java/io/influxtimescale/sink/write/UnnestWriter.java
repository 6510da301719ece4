package io.influxtimescale.sink.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.influxtimescale.sink.sql.Column;
import io.influxtimescale.sink.sql.TableSpec;
import io.influxtimescale.sink.sql.UpsertSql;

/**
 * {@code INSERT ... SELECT FROM unnest(?, ?, ...) ON CONFLICT DO UPDATE} with one array parameter per column, in
 * statements of at most {@code rowsPerStatement} rows. Kept as the measured alternative to {@link
 * StagedCopyWriter} ({@code write.method=unnest}).
 */
public final class UnnestWriter implements TableWriter {
    private final boolean guard;
    private final int rowsPerStatement;
    private final Map<TableSpec, String> sql = new HashMap<>();

    public UnnestWriter(boolean skipUnchanged, int rowsPerStatement) {
        this.guard = skipUnchanged;
        this.rowsPerStatement = rowsPerStatement;
    }

    @Override
    public RowBuffer newBuffer(TableSpec table) {
        return new ListBuffer();
    }

    /** The rows as they came: unnest sends one array per column, built per statement. */
    private static final class ListBuffer implements RowBuffer {
        private final List<Object[]> rows = new ArrayList<>();

        @Override
        public void add(Object[] row) {
            rows.add(row);
        }

        @Override
        public int size() {
            return rows.size();
        }
    }

    @Override
    public void write(Connection connection, TableSpec table, RowBuffer buffer) throws SQLException {
        if (!(buffer instanceof ListBuffer list)) {
            throw new IllegalArgumentException("rows for " + table + " must come from newBuffer(" + table + ")");
        }
        List<Object[]> rows = list.rows;
        String statement = sql.computeIfAbsent(table, t -> UpsertSql.upsertFromUnnest(t, guard));
        List<Column> columns = table.columns();
        try (PreparedStatement ps = connection.prepareStatement(statement)) {
            for (int from = 0; from < rows.size(); from += rowsPerStatement) {
                int to = Math.min(rows.size(), from + rowsPerStatement);
                for (int c = 0; c < columns.size(); c++) {
                    Object[] values = new Object[to - from];
                    for (int r = from; r < to; r++) {
                        values[r - from] = rows.get(r)[c];
                    }
                    String element = UpsertSql.unnestArrayType(columns.get(c).type()).arrayElementName();
                    ps.setArray(c + 1, connection.createArrayOf(element, boxedArray(element, values)));
                }
                ps.executeUpdate();
            }
        }
    }

    private static Object[] boxedArray(String element, Object[] values) {
        switch (element) {
            case "int8": {
                Long[] out = new Long[values.length];
                System.arraycopy(values, 0, out, 0, values.length);
                return out;
            }
            case "int2": {
                Short[] out = new Short[values.length];
                System.arraycopy(values, 0, out, 0, values.length);
                return out;
            }
            case "float8": {
                Double[] out = new Double[values.length];
                System.arraycopy(values, 0, out, 0, values.length);
                return out;
            }
            case "bool": {
                Boolean[] out = new Boolean[values.length];
                System.arraycopy(values, 0, out, 0, values.length);
                return out;
            }
            default: {
                String[] out = new String[values.length];
                System.arraycopy(values, 0, out, 0, values.length);
                return out;
            }
        }
    }

    @Override
    public void reset() {
        // no per-connection state
    }
}
