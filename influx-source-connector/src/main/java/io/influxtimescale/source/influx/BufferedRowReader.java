package io.influxtimescale.source.influx;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The current row of a {@code /query} answer, typed, and its series: what {@link MsgpackQueryResponse} and
 * {@link JsonQueryResponse} share. They parse their encoding into these arrays; the accessors read them. Primitive
 * arrays reused from row to row keep the read path free of per-value allocation.
 */
abstract class BufferedRowReader implements QueryResponseReader {
    protected List<String> columns = Collections.emptyList();
    protected SeriesHeader header;

    protected ValueKind[] kinds = new ValueKind[8];
    protected long[] longs = new long[8];
    protected double[] doubles = new double[8];
    protected String[] strings = new String[8];
    protected boolean[] booleans = new boolean[8];
    protected int width;

    /** Makes room for at least {@code n} values in a row. */
    protected final void ensureCapacity(int n) {
        if (kinds.length < n) {
            int size = Math.max(n, kinds.length * 2);
            kinds = Arrays.copyOf(kinds, size);
            longs = Arrays.copyOf(longs, size);
            doubles = Arrays.copyOf(doubles, size);
            strings = Arrays.copyOf(strings, size);
            booleans = Arrays.copyOf(booleans, size);
        }
    }

    /** The series of the current row (a continued series in the next chunk has an equal header). */
    @Override
    public final SeriesHeader series() {
        return header;
    }

    /** Column names of the current series, including {@code time} first when the query returns times. */
    @Override
    public final List<String> columns() {
        return columns;
    }

    /** Number of values in the current row. */
    @Override
    public final int width() {
        return width;
    }

    @Override
    public final ValueKind kind(int column) {
        return kinds[column];
    }

    /** An integer, unsigned (same 64 bits) or small-integer value; also the time column with epoch=ns. */
    @Override
    public final long longValue(int column) {
        ValueKind k = kinds[column];
        if (k != ValueKind.INTEGER && k != ValueKind.UNSIGNED && k != ValueKind.SMALL_INTEGER) {
            throw new IllegalStateException("column " + column + " holds " + k + ", not an integer");
        }
        return longs[column];
    }

    @Override
    public final double doubleValue(int column) {
        return doubles[column];
    }

    @Override
    public final String stringValue(int column) {
        return strings[column];
    }

    @Override
    public final boolean booleanValue(int column) {
        return booleans[column];
    }

    /** The current value boxed (Double, Long, String, Boolean or null), for small metadata answers. */
    @Override
    public final Object value(int column) {
        switch (kinds[column]) {
            case NULL:
                return null;
            case FLOAT:
                return doubles[column];
            case INTEGER:
            case UNSIGNED:
            case SMALL_INTEGER:
                return longs[column];
            case STRING:
                return strings[column];
            case BOOLEAN:
                return booleans[column];
            default:
                throw new IllegalStateException("unhandled kind " + kinds[column]);
        }
    }
}
