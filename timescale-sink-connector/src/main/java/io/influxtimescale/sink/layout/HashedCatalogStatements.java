package io.influxtimescale.sink.layout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import io.influxtimescale.sink.sql.Identifiers;

/**
 * {@link CatalogResolver.Statements} of a series catalog keyed by a {@link SeriesHash}: inserted from one text array
 * per column (the hex hash first), read back by hash. The narrow and wide layouts' catalogs.
 */
public abstract class HashedCatalogStatements<K> implements CatalogResolver.Statements<K> {
    private final String qualifiedTable;
    private final int columns;

    /**
     * @param qualifiedTable the catalog table, quoted ({@link Identifiers#qualified})
     * @param columns        how many text values {@link #values} gives per identity, the hex hash first
     */
    protected HashedCatalogStatements(String qualifiedTable, int columns) {
        this.qualifiedTable = qualifiedTable;
        this.columns = columns;
    }

    /** The values of an identity's catalog row, in the insert statement's parameter order, the hex hash first. */
    protected abstract String[] values(K identity);

    /** The ids of the given hex hashes in a catalog with a {@code series_hash bytea} column; (position, id). */
    public static String selectIdsByHash(String qualifiedTable) {
        return "SELECT u.i, s.id FROM unnest(?::text[]) WITH ORDINALITY AS u(h, i) JOIN " + qualifiedTable
                + " s ON s.series_hash = decode(u.h, 'hex')";
    }

    @Override
    public String selectSql() {
        return selectIdsByHash(qualifiedTable);
    }

    @Override
    public void bindInsert(Connection connection, PreparedStatement insert, List<K> slice) throws SQLException {
        String[][] arrays = new String[columns][slice.size()];
        for (int i = 0; i < slice.size(); i++) {
            String[] row = values(slice.get(i));
            for (int c = 0; c < columns; c++) {
                arrays[c][i] = row[c];
            }
        }
        for (int c = 0; c < columns; c++) {
            insert.setArray(c + 1, connection.createArrayOf("text", arrays[c]));
        }
    }

    @Override
    public void bindSelect(Connection connection, PreparedStatement select, List<K> slice) throws SQLException {
        String[] hashes = new String[slice.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = values(slice.get(i))[0];
        }
        select.setArray(1, connection.createArrayOf("text", hashes));
    }

    @Override
    public String tableName() {
        return qualifiedTable;
    }
}
