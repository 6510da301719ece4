package io.influxtimescale.sink.sql;

import java.util.EnumMap;
import java.util.Map;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.FieldType;

/**
 * How each InfluxDB field type is stored: the one home of the field type -> column mapping, for every layout's DDL,
 * the rows the write path carries, and readers such as {@code itc verify}. A value column holds one type; unsigned
 * travels as the same 64 bits in an int8 and becomes {@code numeric} in the upsert.
 *
 * <p>The constants' order is the order of the value columns in the narrow layout's points table and in the row
 * shape of {@link #rowShapeColumns()} (never looked up by ordinal: by {@link #of(FieldType)} and by name).
 */
public enum ValueColumn {
    DOUBLE(FieldType.FLOAT, "value_double", "double precision", PgType.FLOAT8, Column.Conversion.NONE),
    BIGINT(FieldType.INTEGER, "value_bigint", "bigint", PgType.INT8, Column.Conversion.NONE),
    NUMERIC(FieldType.UNSIGNED, "value_numeric", "numeric", PgType.INT8, Column.Conversion.UNSIGNED_BITS_TO_NUMERIC),
    TEXT(FieldType.STRING, "value_text", "text", PgType.TEXT, Column.Conversion.NONE),
    BOOL(FieldType.BOOLEAN, "value_bool", "boolean", PgType.BOOL, Column.Conversion.NONE);

    private static final Map<FieldType, ValueColumn> BY_TYPE = new EnumMap<>(FieldType.class);

    static {
        for (ValueColumn v : values()) {
            BY_TYPE.put(v.type, v);
        }
        if (BY_TYPE.size() != FieldType.values().length) {
            throw new ExceptionInInitializerError("a field type without a value column");
        }
    }

    private final FieldType type;
    private final String name;
    private final String sqlType;
    private final PgType carriedAs;
    private final Column.Conversion conversion;

    ValueColumn(FieldType type, String name, String sqlType, PgType carriedAs, Column.Conversion conversion) {
        this.type = type;
        this.name = name;
        this.sqlType = sqlType;
        this.carriedAs = carriedAs;
        this.conversion = conversion;
    }

    public static ValueColumn of(FieldType type) {
        return BY_TYPE.get(type);
    }

    public FieldType fieldType() {
        return type;
    }

    /** The column's name where a table has one value column per type (narrow layout, verify's row shape). */
    public String columnName() {
        return name;
    }

    /** The PostgreSQL type of a column holding this field type. */
    public String sqlType() {
        return sqlType;
    }

    /** A column of the given name holding this type, as the write path carries it. */
    public Column carried(String columnName) {
        return new Column(columnName, carriedAs, conversion);
    }

    /** The i-th value of a column as the write path carries it: Double, Long (unsigned: its 64 bits), String, Boolean. */
    public static Object carriedValue(FieldColumn field, int i) {
        return field.type() == FieldType.UNSIGNED ? (Object) field.integerAt(i) : field.valueAt(i);
    }

    /** "value_double, value_bigint, ...": the value columns in order, for row shapes and DDL. */
    public static String rowShapeColumns() {
        StringBuilder out = new StringBuilder();
        for (ValueColumn v : values()) {
            out.append(out.length() == 0 ? "" : ", ").append(v.name);
        }
        return out.toString();
    }
}
