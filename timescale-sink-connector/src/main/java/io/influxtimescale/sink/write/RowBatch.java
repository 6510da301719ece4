package io.influxtimescale.sink.write;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.influxtimescale.sink.layout.RowSink;
import io.influxtimescale.sink.sql.TableSpec;

/**
 * Rows grouped by target table, with duplicate keys removed: a later row with the same key replaces the earlier
 * one (last write wins, in the order rows were added, which is the order of the records in their partition); in a
 * {@link TableSpec#sparse() sparse} table it replaces only the values it has, the others are kept. An
 * {@code INSERT ... ON CONFLICT DO UPDATE} would otherwise fail with "command cannot affect row a second time".
 *
 * <p>One per writer, reused across flushes: {@link #clear()} keeps each table's hash table at its size, so a flush of
 * 100,000 rows does not grow it from 16 again (rehashing was a tenth of the sink task's CPU, measured by bench/run).
 */
public final class RowBatch implements RowSink {
    private final Map<TableSpec, LinkedHashMap<Object, Object[]>> tables = new LinkedHashMap<>();

    @Override
    public void add(TableSpec table, Object key, Object[] row) {
        if (row.length != table.columns().size()) {
            throw new IllegalArgumentException("row of " + row.length + " values for " + table.columns().size()
                    + " columns of " + table);
        }
        LinkedHashMap<Object, Object[]> rows = tables.get(table);
        if (rows == null) {
            rows = new LinkedHashMap<>();
            tables.put(table, rows);
        }
        // one hash lookup for a new key (nearly every row); a duplicate is removed and put again so that it moves to
        // the end, keeping the "last write" position
        Object[] earlier = rows.putIfAbsent(key, row);
        if (earlier != null) {
            rows.remove(key);
            rows.put(key, table.sparse() ? merge(earlier, row) : row);
        }
    }

    /** The later row's values where it has one, the earlier row's elsewhere (sparse tables: NULL is "absent"). */
    private static Object[] merge(Object[] earlier, Object[] later) {
        Object[] merged = later.clone();
        for (int i = 0; i < merged.length; i++) {
            if (merged[i] == null) {
                merged[i] = earlier[i];
            }
        }
        return merged;
    }

    /** The tables that have rows, in the order of their first row. */
    public Collection<TableSpec> tables() {
        List<TableSpec> out = new ArrayList<>(tables.size());
        for (Map.Entry<TableSpec, LinkedHashMap<Object, Object[]>> e : tables.entrySet()) {
            if (!e.getValue().isEmpty()) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** The distinct rows of a table, in the order of their last write. */
    public List<Object[]> rows(TableSpec table) {
        LinkedHashMap<Object, Object[]> rows = tables.get(table);
        return rows == null ? List.of() : new ArrayList<>(rows.values());
    }

    /** Distinct rows over all tables. */
    public long size() {
        long n = 0;
        for (LinkedHashMap<Object, Object[]> rows : tables.values()) {
            n += rows.size();
        }
        return n;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * Forgets every row. A table's hash table stays allocated for the next batch when that table had rows in this
     * one; the others are dropped (a table whose spec changed, e.g. a wide table that gained a column, is not kept).
     */
    public void clear() {
        Iterator<LinkedHashMap<Object, Object[]>> it = tables.values().iterator();
        while (it.hasNext()) {
            LinkedHashMap<Object, Object[]> rows = it.next();
            if (rows.isEmpty()) {
                it.remove();
            } else {
                rows.clear();
            }
        }
    }
}
