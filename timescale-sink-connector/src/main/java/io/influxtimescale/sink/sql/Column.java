package io.influxtimescale.sink.sql;

import java.util.Objects;

/**
 * One column of a target table as the write path sees it: the name in the target table, the type its values are
 * carried in ({@link PgType}) and how the carried value becomes the target value.
 */
public final class Column {
    /** How a carried value becomes the value of the target column. */
    public enum Conversion {
        /** Stored as carried. */
        NONE,
        /**
         * An unsigned 64-bit integer carried as the same bits in an int8, stored as {@code numeric}: binary {@code
         * COPY} encodes it as numeric, the unnest path converts it in SQL.
         */
        UNSIGNED_BITS_TO_NUMERIC
    }

    private final String name;
    private final PgType type;
    private final Conversion conversion;

    public Column(String name, PgType type, Conversion conversion) {
        Identifiers.check(name);
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.conversion = Objects.requireNonNull(conversion, "conversion");
    }

    public static Column of(String name, PgType type) {
        return new Column(name, type, Conversion.NONE);
    }

    public String name() {
        return name;
    }

    public PgType type() {
        return type;
    }

    public Conversion conversion() {
        return conversion;
    }

    /** The column's type in binary {@code COPY} (a staging table, or the target itself): the stored type. */
    public String copySqlType() {
        return conversion == Conversion.UNSIGNED_BITS_TO_NUMERIC ? "numeric" : type.sqlName();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Column)) {
            return false;
        }
        Column other = (Column) o;
        return name.equals(other.name) && type == other.type && conversion == other.conversion;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, conversion);
    }

    @Override
    public String toString() {
        return name + " " + type.sqlName() + (conversion == Conversion.NONE ? "" : " (" + conversion + ")");
    }
}
