package io.influxtimescale.sink.sql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Builds the statements of the write path for a {@link TableSpec}; no side effects. Two idempotent paths:
 * <ul>
 *   <li>staged: binary {@code COPY} into a temporary staging table, then {@code INSERT ... SELECT ... ON CONFLICT
 *       DO UPDATE} into the target (rows none of which is there yet may go by binary {@code COPY} into the target,
 *       {@link #copyIntoTarget});</li>
 *   <li>unnest: one {@code INSERT ... SELECT FROM unnest(?, ?, ...) ON CONFLICT DO UPDATE} with an array parameter
 *       per column.</li>
 * </ul>
 * With the guard on, a conflicting row is only rewritten when a value really differs ({@code IS DISTINCT FROM}),
 * which makes replays of data already present much cheaper (no new row version, no index churn).
 */
public final class UpsertSql {
    private static final String TWO_POW_64 = "18446744073709551616";

    private UpsertSql() {
    }

    /**
     * A session-local staging table name for a target: short, a valid identifier whatever the target is called, and
     * distinct per target table and column set (a wide table that gained a column gets a new staging table instead
     * of one of the old shape).
     */
    public static String stagingTableName(TableSpec spec) {
        StringBuilder identity = new StringBuilder(spec.schema()).append('\u0000').append(spec.table());
        for (Column c : spec.columns()) {
            identity.append('\u0000').append(c.name()).append(' ').append(c.copySqlType());
        }
        byte[] bytes = identity.toString().getBytes(StandardCharsets.UTF_8);
        long h = 0xcbf29ce484222325L; // FNV-1a 64
        for (byte b : bytes) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return "itc_stage_" + Long.toHexString(h);
    }

    /** A temporary table with the carried columns in their binary {@code COPY} types, emptied at every commit. */
    public static String createStagingTable(TableSpec spec) {
        StringJoiner cols = new StringJoiner(", ");
        for (Column c : spec.columns()) {
            cols.add(Identifiers.quote(c.name()) + " " + c.copySqlType());
        }
        return "CREATE TEMPORARY TABLE IF NOT EXISTS " + Identifiers.quote(stagingTableName(spec)) + " (" + cols
                + ") ON COMMIT DELETE ROWS";
    }

    public static String copyIntoStaging(TableSpec spec) {
        return "COPY " + Identifiers.quote(stagingTableName(spec)) + " (" + columnList(spec.columns())
                + ") FROM STDIN (FORMAT binary)";
    }

    /**
     * Binary {@code COPY} straight into the target: only for rows none of which is there yet (a conflict fails the
     * whole statement with unique_violation, and the caller upserts instead).
     */
    public static String copyIntoTarget(TableSpec spec) {
        return "COPY " + spec.qualifiedName() + " (" + columnList(spec.columns()) + ") FROM STDIN (FORMAT binary)";
    }

    /** Drops a staging table; {@code pg_temp.} so that it can never reach a user's table of the same name. */
    public static String dropStagingTable(TableSpec spec) {
        return "DROP TABLE IF EXISTS pg_temp." + Identifiers.quote(stagingTableName(spec));
    }

    /** The staging table's columns already have the target's types (see {@link #createStagingTable}). */
    public static String upsertFromStaging(TableSpec spec, boolean guard) {
        return "INSERT INTO " + spec.qualifiedName() + " AS t (" + columnList(spec.columns()) + ") SELECT "
                + columnList(spec.columns()) + " FROM " + Identifiers.quote(stagingTableName(spec)) + " s"
                + onConflict(spec, guard);
    }

    /**
     * One array parameter per column, in column order. {@link PgType#TIMESTAMPTZ} columns are bound as int8
     * arrays of microseconds since the epoch (see {@link #unnestArrayType(PgType)}).
     */
    public static String upsertFromUnnest(TableSpec spec, boolean guard) {
        List<String> params = new ArrayList<>();
        List<String> exprs = new ArrayList<>();
        for (Column c : spec.columns()) {
            params.add("?::" + unnestArrayType(c.type()).arrayElementName() + "[]");
            String ref = "s." + Identifiers.quote(c.name());
            exprs.add(convert(c, c.type() == PgType.TIMESTAMPTZ ? timestamptzFromMicros(ref) : ref));
        }
        return "INSERT INTO " + spec.qualifiedName() + " AS t (" + columnList(spec.columns()) + ") SELECT "
                + String.join(", ", exprs) + " FROM unnest(" + String.join(", ", params) + ") AS s("
                + columnList(spec.columns()) + ")" + onConflict(spec, guard);
    }

    /**
     * An int8 of microseconds since 1970 as timestamptz, exact over the whole int64 range: float8 interval arithmetic
     * stays exact below 2^53 per term.
     */
    private static String timestamptzFromMicros(String micros) {
        return "(timestamptz '1970-01-01 00:00:00+00' + (" + micros + " / 1000000) * interval '1 second' + ("
                + micros + " % 1000000) * interval '1 microsecond')";
    }

    /**
     * The array element type a column travels in on the unnest path: timestamptz as microseconds (converted in SQL),
     * int4 as int8 (an assignment cast into the target).
     */
    public static PgType unnestArrayType(PgType type) {
        return type == PgType.TIMESTAMPTZ || type == PgType.INT4 ? PgType.INT8 : type;
    }

    /**
     * Dense tables: every value column takes the new row's value. Sparse tables: {@code col = COALESCE(EXCLUDED.col,
     * t.col)}, so a row missing some fields never erases them. The guard rewrites only rows that would change.
     */
    private static String onConflict(TableSpec spec, boolean guard) {
        StringJoiner key = new StringJoiner(", ");
        for (String k : spec.keyColumns()) {
            key.add(Identifiers.quote(k));
        }
        List<Column> values = spec.valueColumns();
        if (values.isEmpty()) {
            return " ON CONFLICT (" + key + ") DO NOTHING";
        }
        StringJoiner set = new StringJoiner(", ");
        StringJoiner current = new StringJoiner(", ");
        StringJoiner excluded = new StringJoiner(", ");
        for (Column c : values) {
            String q = Identifiers.quote(c.name());
            // sparse: a NULL is "no value here", so the present value stays (and the guard compares the merge)
            String value = spec.sparse() ? "COALESCE(EXCLUDED." + q + ", t." + q + ")" : "EXCLUDED." + q;
            set.add(q + " = " + value);
            current.add("t." + q);
            excluded.add(value);
        }
        String sql = " ON CONFLICT (" + key + ") DO UPDATE SET " + set;
        if (guard) {
            sql += " WHERE (" + current + ") IS DISTINCT FROM (" + excluded + ")";
        }
        return sql;
    }

    private static String convert(Column c, String ref) {
        switch (c.conversion()) {
            case NONE:
                return ref;
            case UNSIGNED_BITS_TO_NUMERIC:
                return "CASE WHEN " + ref + " < 0 THEN " + ref + "::numeric + " + TWO_POW_64 + " ELSE " + ref
                        + "::numeric END";
            default:
                throw new IllegalStateException("unhandled conversion " + c.conversion());
        }
    }

    private static String columnList(List<Column> columns) {
        StringJoiner j = new StringJoiner(", ");
        for (Column c : columns) {
            j.add(Identifiers.quote(c.name()));
        }
        return j.toString();
    }
}
