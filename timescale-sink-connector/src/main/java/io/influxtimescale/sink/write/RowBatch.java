package io.influxtimescale.sink.write;

import java.util.ArrayList;
import java.util.Collection;
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
 */
public final class RowBatch implements RowSink {
    private final Map<TableSpec, LinkedHashMap<Object, Object[]>> tables = new LinkedHashMap<>();
    private long added;

    @Override
    public void add(TableSpec table, Object key, Object[] row) {
        if (row.length != table.columns().size()) {
            throw new IllegalArgumentException("row of " + row.length + " values for " + table.columns().size()
                    + " columns of " + table);
        }
        LinkedHashMap<Object, Object[]> rows = tables.computeIfAbsent(table, t -> new LinkedHashMap<>());
        // remove first so that a replaced row moves to the end, keeping the "last write" position
        Object[] earlier = rows.remove(key);
        if (earlier != null && table.sparse()) {
            row = merge(earlier, row);
        }
        rows.put(key, row);
        added++;
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

    public Collection<TableSpec> tables() {
        return tables.keySet();
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

    /** Rows added, duplicates included. */
    public long added() {
        return added;
    }

    public boolean isEmpty() {
        return tables.isEmpty();
    }

    public void clear() {
        tables.clear();
        added = 0;
    }
}
