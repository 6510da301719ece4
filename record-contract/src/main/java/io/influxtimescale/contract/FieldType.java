package io.influxtimescale.contract;

import java.util.Locale;

/**
 * The value types an InfluxDB field can have. A field may have several of them over its history (a type per shard
 * group), so the contract carries the type with every column instead of once per field.
 */
public enum FieldType {
    /** IEEE 754 double. */
    FLOAT("float_values"),
    /** Signed 64-bit integer. */
    INTEGER("integer_values"),
    /**
     * Unsigned 64-bit integer (InfluxDB 1.8+ and 2.x). Carried in {@code integer_values} as the same 64 bits, so a
     * value above {@link Long#MAX_VALUE} reads as negative: use {@link Long#toUnsignedString(long)}.
     */
    UNSIGNED("integer_values"),
    /** UTF-8 string, possibly empty. */
    STRING("string_values"),
    BOOLEAN("boolean_values");

    private final String valuesField;

    FieldType(String valuesField) {
        this.valuesField = valuesField;
    }

    /** Name of the struct field of {@code FieldColumn} that holds this type's values. */
    public String valuesField() {
        return valuesField;
    }

    /** The lower-case name used in records, catalogs and documentation: float, integer, unsigned, string, boolean. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; names the bad value and the accepted ones when it is unknown. */
    public static FieldType fromWireName(String name) {
        for (FieldType type : values()) {
            if (type.wireName().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown field type '" + name
                + "': expected one of float, integer, unsigned, string, boolean");
    }
}
