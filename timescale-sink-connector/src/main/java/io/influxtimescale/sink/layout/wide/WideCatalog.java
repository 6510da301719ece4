package io.influxtimescale.sink.layout.wide;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.sink.layout.Layouts;
import io.influxtimescale.sink.layout.Transactions;
import io.influxtimescale.sink.layout.wide.WideTable.ColumnEntry;

/**
 * Reads and extends the wide layout's catalog: finds a measurement's table, and creates what is missing (schema,
 * hypertable, columns, view) together with the catalog rows that name them, in one transaction. Every change holds
 * one advisory lock per catalog, so tasks meeting the same new measurement, field or tag key at once take turns: the
 * second one finds what the first one made. Names are given by {@link WideNames}, checked against the catalog and
 * against the relations that really exist (a user's own table of the same name is never taken over).
 */
public final class WideCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(WideCatalog.class);

    /** What a measurement needs: its (database, retention policy, measurement), fields with types, tag keys. */
    static final class Needs {
        final String database;
        final String retentionPolicy;
        final String measurement;
        final Set<Map.Entry<String, FieldType>> fields = new LinkedHashSet<>();
        final SortedSet<String> tags = new TreeSet<>();

        Needs(String database, String retentionPolicy, String measurement) {
            this.database = database;
            this.retentionPolicy = retentionPolicy;
            this.measurement = measurement;
        }

        boolean satisfiedBy(WideTable t) {
            if (t == null) {
                return false;
            }
            for (Map.Entry<String, FieldType> f : fields) {
                if (!t.hasField(f.getKey(), f.getValue())) {
                    return false;
                }
            }
            for (String tag : tags) {
                if (!t.hasTag(tag)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return database + "." + retentionPolicy + "." + measurement;
        }
    }

    private final String catalogSchema;
    private final boolean schemaPerDatabase;
    private final long chunkIntervalMs;

    public WideCatalog(String catalogSchema, boolean schemaPerDatabase, long chunkIntervalMs) {
        this.catalogSchema = catalogSchema;
        this.schemaPerDatabase = schemaPerDatabase;
        this.chunkIntervalMs = chunkIntervalMs;
    }

    /** A catalog for reading only ({@link #read}): for tools such as {@code itc verify}. */
    public static WideCatalog reader(String catalogSchema) {
        return new WideCatalog(catalogSchema, false, 1);
    }

    /** True when the schema holds the wide layout's catalog (readers pick the layout by it). */
    public static boolean exists(Connection c, String catalogSchema) throws SQLException {
        return Layouts.relationExists(c, catalogSchema, WideSql.TABLES_TABLE);
    }

    /** Where one measurement went: its hypertable and view. */
    public record Placement(String schema, String table, String view) {
    }

    /** Every measurement's hypertable and view the catalog lists, in the order they were created. */
    public static List<Placement> placements(Connection c, String catalogSchema) throws SQLException {
        List<Placement> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(WideSql.selectAllTables(catalogSchema))) {
            while (rs.next()) {
                out.add(new Placement(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    /** The table as the catalog has it now, or null. Auto-commit or inside the caller's transaction. */
    public WideTable read(Connection c, String database, String retentionPolicy, String measurement) throws SQLException {
        long id;
        String schema;
        String table;
        String view;
        try (PreparedStatement ps = c.prepareStatement(WideSql.selectTable(catalogSchema))) {
            ps.setString(1, database);
            ps.setString(2, retentionPolicy);
            ps.setString(3, measurement);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                id = rs.getLong(1);
                schema = rs.getString(2);
                table = rs.getString(3);
                view = rs.getString(4);
            }
        }
        List<ColumnEntry> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(WideSql.selectColumns(catalogSchema))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new ColumnEntry(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return new WideTable(id, schema, table, view, columns);
    }

    /**
     * The table with every column the needs ask for, created or extended when missing: read first (auto-commit),
     * and only when something is missing, one transaction under the catalog's lock that reads again, creates and
     * extends, and is committed before this returns.
     */
    WideTable ensure(Transactions transactions, Needs needs) throws SQLException {
        WideTable current = transactions.autoCommit(
                c -> read(c, needs.database, needs.retentionPolicy, needs.measurement));
        if (needs.satisfiedBy(current)) {
            return current;
        }
        return transactions.inTransaction(c -> extend(c, needs));
    }

    private WideTable extend(Connection c, Needs needs) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(WideSql.lock())) {
            lock.setString(1, "influx-timescale-sink wide " + catalogSchema);
            lock.execute();
        }
        // another task may have done it while we waited for the lock
        WideTable current = read(c, needs.database, needs.retentionPolicy, needs.measurement);
        boolean created = current == null;
        if (created) {
            createTable(c, needs);
            current = read(c, needs.database, needs.retentionPolicy, needs.measurement);
        }
        List<ColumnEntry> added = addColumns(c, current, needs);
        WideTable extended = read(c, needs.database, needs.retentionPolicy, needs.measurement);
        if (created || !added.isEmpty()) {
            try (Statement st = c.createStatement()) {
                st.execute(WideSql.createOrReplaceView(catalogSchema, extended));
            }
        }
        return extended;
    }

    private void createTable(Connection c, Needs needs) throws SQLException {
        String schema = schemaPerDatabase ? databaseSchema(c, needs.database) : catalogSchema;
        Set<String> taken = foldedRelationNames(c, schema);
        String view = pick(WideNames.viewCandidates(needs.database, needs.retentionPolicy, needs.measurement), taken,
                "view of measurement " + needs);
        taken.add(WideNames.fold(view));
        String table = pick(WideNames.tableCandidates(needs.database, needs.retentionPolicy, needs.measurement),
                taken, "hypertable of measurement " + needs);
        try (Statement st = c.createStatement()) {
            for (String ddl : WideSql.createTable(schema, table, chunkIntervalMs)) {
                st.execute(ddl);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(WideSql.insertTable(catalogSchema))) {
            ps.setString(1, needs.database);
            ps.setString(2, needs.retentionPolicy);
            ps.setString(3, needs.measurement);
            ps.setString(4, schema);
            ps.setString(5, table);
            ps.setString(6, view);
            ps.executeQuery().close();
        }
        LOG.info("wide layout: measurement {} -> hypertable {}.{}, view {}.{}", needs, schema, table, schema, view);
    }

    private List<ColumnEntry> addColumns(Connection c, WideTable t, Needs needs) throws SQLException {
        Set<String> taken = new HashSet<>();
        for (ColumnEntry e : t.columns()) {
            taken.add(WideNames.fold(e.columnName()));
        }
        List<ColumnEntry> added = new ArrayList<>();
        // tags first, in key order, then fields in the order met: the same needs give the same names
        for (String tag : needs.tags) {
            if (!t.hasTag(tag)) {
                String column = pickColumn(WideNames.tagCandidates(tag), taken, "tag '" + tag + "' of " + needs);
                added.add(new ColumnEntry(WideSql.TAG_KIND, tag, column));
            }
        }
        for (Map.Entry<String, FieldType> f : needs.fields) {
            if (!t.hasField(f.getKey(), f.getValue())) {
                String column = pickColumn(WideNames.fieldCandidates(f.getKey(), f.getValue()), taken,
                        "field '" + f.getKey() + "' (" + f.getValue().wireName() + ") of " + needs);
                added.add(new ColumnEntry(f.getValue().wireName(), f.getKey(), column));
            }
        }
        try (Statement st = c.createStatement();
             PreparedStatement ps = c.prepareStatement(WideSql.insertColumn(catalogSchema))) {
            for (ColumnEntry e : added) {
                if (!e.isTag()) {
                    st.execute(WideSql.addColumn(t.schema(), t.table(), e.columnName(), e.fieldType()));
                }
                ps.setLong(1, t.id());
                ps.setString(2, e.kind());
                ps.setString(3, e.influxName());
                ps.setString(4, e.columnName());
                ps.executeUpdate();
                LOG.info("wide layout: {} {} '{}' of {} -> column {}", e.isTag() ? "tag" : "field", e.kind(),
                        e.influxName(), needs, e.columnName());
            }
        }
        return added;
    }

    private static String pickColumn(List<String> candidates, Set<String> taken, String what) {
        List<String> allowed = new ArrayList<>();
        for (String name : candidates) {
            if (!WideNames.isReservedColumn(name)) {
                allowed.add(name);
            }
        }
        String name = pick(allowed, taken, what);
        taken.add(WideNames.fold(name));
        return name;
    }

    private static String pick(List<String> candidates, Set<String> takenFolded, String what) {
        for (String name : candidates) {
            if (!takenFolded.contains(WideNames.fold(name))) {
                return name;
            }
        }
        throw new IllegalStateException("no free name for the " + what + " among " + candidates);
    }

    /** Schema per database: the one this database already has, else the first free candidate. */
    private String databaseSchema(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(WideSql.selectDatabaseSchema(catalogSchema))) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
        }
        Set<String> taken = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(WideSql.selectOtherDatabaseSchemas(catalogSchema))) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    taken.add(WideNames.fold(rs.getString(1)));
                }
            }
        }
        List<String> candidates = WideNames.schemaCandidates(database);
        Set<String> existing = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(WideSql.selectSchemaNames())) {
            while (rs.next()) {
                existing.add(rs.getString(1));
            }
        }
        for (String s : existing) {
            // an existing schema of exactly the candidate's name may be used (created beforehand by the operator);
            // one that differs only in case would be the same schema to users typing names unquoted
            if (!candidates.contains(s)) {
                taken.add(WideNames.fold(s));
            }
        }
        return pick(candidates, taken, "schema of database '" + database + "'");
    }

    private static Set<String> foldedRelationNames(Connection c, String schema) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(WideSql.selectRelationNames())) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(WideNames.fold(rs.getString(1)));
                }
            }
        }
        return out;
    }
}
