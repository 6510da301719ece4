package io.influxtimescale.sink.sql;

/**
 * The PostgreSQL types rows are carried in on their way to a target table (staging table columns, binary COPY,
 * array parameters): the target's own types, so that binary {@code COPY} fits the target too. Java value of each:
 * {@link Long}, {@link Long} (within 32 bits), {@link Short}, {@link Double}, {@link String}, {@link Boolean};
 * {@link #TIMESTAMPTZ} is a {@link Long} of microseconds since 1970-01-01 UTC.
 */
public enum PgType {
    INT8("bigint", "int8"),
    INT4("integer", "int4"),
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
