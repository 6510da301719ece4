package io.influxtimescale.contract;

import java.util.Arrays;
import java.util.Objects;

/**
 * The values of one field, of one type, within one {@link SeriesWindow}. Fields are sparse: {@code positions} lists,
 * in ascending order, the indexes into the window's times at which this field has a value; {@code null} means the
 * field has a value at every time (the common, dense case, which saves the positions array).
 *
 * <p>Values are kept in primitive arrays of the column's type so that a float stays a float and an integer an
 * integer, bit for bit, all the way from InfluxDB to TimescaleDB.
 */
public final class FieldColumn {
    private final String name;
    private final FieldType type;
    private final int[] positions;
    private final Object values;
    private final int size;

    private FieldColumn(String name, FieldType type, int[] positions, Object values, int size) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("field name must be non-empty");
        }
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.positions = positions;
        this.values = values;
        this.size = size;
        if (positions != null && positions.length != size) {
            throw new IllegalArgumentException("field '" + name + "': " + positions.length + " positions but "
                    + size + " values");
        }
    }

    public static FieldColumn ofFloats(String name, int[] positions, double[] values) {
        return new FieldColumn(name, FieldType.FLOAT, positions, values, values.length);
    }

    public static FieldColumn ofIntegers(String name, int[] positions, long[] values) {
        return new FieldColumn(name, FieldType.INTEGER, positions, values, values.length);
    }

    /** Unsigned 64-bit values, each carried as the same 64 bits in a {@code long}. */
    public static FieldColumn ofUnsigned(String name, int[] positions, long[] values) {
        return new FieldColumn(name, FieldType.UNSIGNED, positions, values, values.length);
    }

    public static FieldColumn ofStrings(String name, int[] positions, String[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new IllegalArgumentException("field '" + name + "': null string at value " + i);
            }
        }
        return new FieldColumn(name, FieldType.STRING, positions, values, values.length);
    }

    public static FieldColumn ofBooleans(String name, int[] positions, boolean[] values) {
        return new FieldColumn(name, FieldType.BOOLEAN, positions, values, values.length);
    }

    public String name() {
        return name;
    }

    public FieldType type() {
        return type;
    }

    /** Number of values in this column. */
    public int size() {
        return size;
    }

    /** True when the field has a value at every time of its window. */
    public boolean isDense() {
        return positions == null;
    }

    /** The index into the window's times of the {@code i}-th value. */
    public int timeIndex(int i) {
        return positions == null ? i : positions[i];
    }

    /** A copy of the positions, or {@code null} when dense. */
    public int[] positions() {
        return positions == null ? null : positions.clone();
    }

    public double floatAt(int i) {
        return ((double[]) values)[i];
    }

    /** The value of an {@link FieldType#INTEGER} or {@link FieldType#UNSIGNED} column (unsigned: same 64 bits). */
    public long integerAt(int i) {
        return ((long[]) values)[i];
    }

    public String stringAt(int i) {
        return ((String[]) values)[i];
    }

    public boolean booleanAt(int i) {
        return ((boolean[]) values)[i];
    }

    /**
     * The {@code i}-th value boxed: Double, Long, String or Boolean; for {@link FieldType#UNSIGNED} a
     * {@link java.math.BigInteger}, so that no caller can mistake it for a signed value.
     */
    public Object valueAt(int i) {
        switch (type) {
            case FLOAT:
                return floatAt(i);
            case INTEGER:
                return integerAt(i);
            case UNSIGNED:
                return new java.math.BigInteger(Long.toUnsignedString(integerAt(i)));
            case STRING:
                return stringAt(i);
            case BOOLEAN:
                return booleanAt(i);
            default:
                throw new IllegalStateException("unhandled type " + type);
        }
    }

    /** The raw primitive array (double[], long[], String[] or boolean[]); package-private for the codec. */
    Object rawValues() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FieldColumn)) {
            return false;
        }
        FieldColumn other = (FieldColumn) o;
        return name.equals(other.name) && type == other.type && Arrays.equals(positions, other.positions)
                && Arrays.deepEquals(new Object[] {values}, new Object[] {other.values});
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(positions), Arrays.deepHashCode(new Object[] {values}));
    }

    @Override
    public String toString() {
        return name + ":" + type.wireName() + "[" + size + (positions == null ? " dense" : " sparse") + "]";
    }
}
