package io.influxtimescale.sink.sql;

/**
 * The PostgreSQL types rows are carried in on their way to a target table (staging table columns, binary COPY,
 * array parameters). Java value of each: {@link Long}, {@link Short}, {@link Double}, {@link String},
 * {@link Boolean}; {@link #TIMESTAMPTZ} is a {@link Long} of microseconds since 1970-01-01 UTC.
 */
public enum PgType {
    INT8("bigint", "int8"),
    INT2("smallint", "int2"),
    FLOAT8("double precision", "float8"),
    TEXT("text", "text"),
    BOOL("boolean", "bool"),
    TIMESTAMPTZ("timestamptz", "timestamptz");

    private final String sqlName;
    private final String arrayElementName;

    PgType(String sqlName, String arrayElementName) {
        this.sqlName = sqlName;
        this.arrayElementName = arrayElementName;
    }

    /** The type as written in DDL. */
    public String sqlName() {
        return sqlName;
    }

    /** The element type name for {@code java.sql.Connection#createArrayOf}. */
    public String arrayElementName() {
        return arrayElementName;
    }
}
