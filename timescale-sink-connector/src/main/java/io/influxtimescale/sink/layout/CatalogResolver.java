package io.influxtimescale.sink.layout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves catalog ids (series identity -> id) the way every layout needs them: cached ids first, then the missing
 * ones inserted with {@code INSERT ... ON CONFLICT DO NOTHING} in auto-commit mode (committed before any point refers
 * to them) and read back. Missing identities are sorted in one order for every task, so two tasks inserting the same
 * new identities wait on each other instead of deadlocking; they are sent in slices of {@value #SLICE}.
 *
 * <p>Use per flush: {@link #begin()}, {@link #need} for every identity of the flush, {@link #resolve}, then {@link
 * #id} while building rows (the ids of the flush stay available even when the cache evicts them).
 */
public final class CatalogResolver<K> {
    static final int SLICE = 1000;

    /** How one layout's catalog rows are inserted and read back. */
    public interface Statements<K> {
        /** Inserts the identities that do not exist yet ({@code ON CONFLICT DO NOTHING}). */
        String insertSql();

        /** Selects the ids of identities: by default rows of (1-based position in the slice, id). */
        String selectSql();

        void bindInsert(Connection connection, PreparedStatement insert, List<K> slice) throws SQLException;

        void bindSelect(Connection connection, PreparedStatement select, List<K> slice) throws SQLException;

        /** The identity a row of {@link #selectSql()} belongs to: by default its 1-based position, column 1. */
        default K identityOf(ResultSet row, List<K> slice) throws SQLException {
            return slice.get((int) row.getLong(1) - 1);
        }

        /** The id in a row of {@link #selectSql()}: by default column 2. */
        default long idOf(ResultSet row) throws SQLException {
            return row.getLong(2);
        }

        /** The catalog table, for error messages. */
        String tableName();
    }

    private final Statements<K> statements;
    private final Comparator<K> order;
    private final CatalogCache<K> cache;
    private final Map<K, Long> prepared = new HashMap<>();
    private final Set<K> missing = new LinkedHashSet<>();

    public CatalogResolver(Statements<K> statements, Comparator<K> order, int cacheSize) {
        this.statements = statements;
        this.order = order;
        this.cache = new CatalogCache<>(cacheSize);
    }

    /** Forgets the identities of the previous flush. */
    public void begin() {
        prepared.clear();
        missing.clear();
    }

    /** Notes an identity this flush needs; true when its id is not known yet. */
    public boolean need(K identity) {
        if (prepared.containsKey(identity) || missing.contains(identity)) {
            return missing.contains(identity);
        }
        Long id = cache.get(identity);
        if (id == null) {
            missing.add(identity);
            return true;
        }
        prepared.put(identity, id);
        return false;
    }

    /**
     * Inserts and reads back every needed identity not known yet, each statement committed on its own: the rows are
     * visible to every task before any point refers to them, and no lock is held across slices.
     */
    public void resolve(Transactions transactions) throws SQLException {
        if (missing.isEmpty()) {
            return;
        }
        List<K> all = new ArrayList<>(missing);
        all.sort(order);
        transactions.autoCommit(connection -> {
            for (int from = 0; from < all.size(); from += SLICE) {
                resolveSlice(connection, all.subList(from, Math.min(all.size(), from + SLICE)));
            }
            return null;
        });
        missing.clear();
    }

    private void resolveSlice(Connection connection, List<K> slice) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(statements.insertSql())) {
            statements.bindInsert(connection, insert, slice);
            insert.executeUpdate();
        }
        int found = 0;
        try (PreparedStatement select = connection.prepareStatement(statements.selectSql())) {
            statements.bindSelect(connection, select, slice);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    K identity = statements.identityOf(rs, slice);
                    long id = statements.idOf(rs);
                    cache.put(identity, id);
                    prepared.put(identity, id);
                    found++;
                }
            }
        }
        if (found != slice.size()) {
            throw new SQLException("catalog " + statements.tableName() + " returned " + found + " of " + slice.size()
                    + " ids just inserted; was it changed concurrently?", "XX000");
        }
    }

    /** The id of an identity of this flush. */
    public long id(K identity) {
        Long id = prepared.get(identity);
        if (id == null) {
            throw new IllegalStateException(identity + " was not prepared");
        }
        return id;
    }
}
