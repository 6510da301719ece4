package io.influxtimescale.source.task;

import java.util.Arrays;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.FieldType;

/** Grows the positions and primitive values of one (field, type) column of a record under construction. */
final class ColumnBuilder {
    final String name;
    final FieldType type;
    int size;
    int[] positions = new int[16];
    long[] longs;
    double[] doubles;
    String[] strings;
    boolean[] booleans;
    /** For integer columns: how many values had an explicitly signed msgpack format (not a positive fixint). */
    int explicitSigned;

    ColumnBuilder(String name, FieldType type) {
        this.name = name;
        this.type = type;
        switch (type) {
            case FLOAT:
                doubles = new double[16];
                break;
            case INTEGER:
            case UNSIGNED:
                longs = new long[16];
                break;
            case STRING:
                strings = new String[16];
                break;
            case BOOLEAN:
                booleans = new boolean[16];
                break;
            default:
                throw new IllegalStateException("unhandled type " + type);
        }
    }

    private void grow() {
        if (size == positions.length) {
            int n = size * 2;
            positions = Arrays.copyOf(positions, n);
            if (longs != null) {
                longs = Arrays.copyOf(longs, n);
            }
            if (doubles != null) {
                doubles = Arrays.copyOf(doubles, n);
            }
            if (strings != null) {
                strings = Arrays.copyOf(strings, n);
            }
            if (booleans != null) {
                booleans = Arrays.copyOf(booleans, n);
            }
        }
    }

    void addLong(int position, long v) {
        grow();
        positions[size] = position;
        longs[size++] = v;
    }

    void addDouble(int position, double v) {
        grow();
        positions[size] = position;
        doubles[size++] = v;
    }

    void addString(int position, String v) {
        grow();
        positions[size] = position;
        strings[size++] = v;
    }

    void addBoolean(int position, boolean v) {
        grow();
        positions[size] = position;
        booleans[size++] = v;
    }

    /** Moves the values of another integer-like column of the same field into this one, keeping position order. */
    void mergeLongs(ColumnBuilder other) {
        int n = size + other.size;
        int[] p = new int[Math.max(n, 16)];
        long[] v = new long[Math.max(n, 16)];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < size || j < other.size) {
            if (j >= other.size || (i < size && positions[i] < other.positions[j])) {
                p[k] = positions[i];
                v[k++] = longs[i++];
            } else {
                p[k] = other.positions[j];
                v[k++] = other.longs[j++];
            }
        }
        positions = p;
        longs = v;
        size = n;
        explicitSigned += other.explicitSigned;
    }

    FieldColumn build(FieldType asType, int rowCount) {
        // Dense (every row has a value) needs no positions array: the common case costs nothing extra.
        int[] pos = size == rowCount ? null : Arrays.copyOf(positions, size);
        switch (asType) {
            case FLOAT:
                return FieldColumn.ofFloats(name, pos, Arrays.copyOf(doubles, size));
            case INTEGER:
                return FieldColumn.ofIntegers(name, pos, Arrays.copyOf(longs, size));
            case UNSIGNED:
                return FieldColumn.ofUnsigned(name, pos, Arrays.copyOf(longs, size));
            case STRING:
                return FieldColumn.ofStrings(name, pos, Arrays.copyOf(strings, size));
            case BOOLEAN:
                return FieldColumn.ofBooleans(name, pos, Arrays.copyOf(booleans, size));
            default:
                throw new IllegalStateException("unhandled type " + asType);
        }
    }
}
