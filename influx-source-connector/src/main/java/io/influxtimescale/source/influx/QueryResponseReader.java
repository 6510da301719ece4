package io.influxtimescale.source.influx;

import java.util.List;

/**
 * A pull reader over the rows of a {@code /query} answer, whatever its encoding: {@link MsgpackQueryResponse} (the
 * normal case: every value with its stored type) or {@link JsonQueryResponse} (servers without msgpack, where a float
 * with an integral value prints like an integer).
 */
public interface QueryResponseReader extends AutoCloseable {
    /** Advances to the next row of any series; false when the answer is exhausted. */
    boolean nextRow();

    /** The series of the current row (a series continued in the next chunk has an equal header). */
    SeriesHeader series();

    /** Column names of the current series, {@code time} first when the query returns times. */
    List<String> columns();

    /** Number of values in the current row. */
    int width();

    ValueKind kind(int column);

    /** An integer, unsigned (same 64 bits) or small-integer value; also the time column with epoch=ns. */
    long longValue(int column);

    double doubleValue(int column);

    String stringValue(int column);

    boolean booleanValue(int column);

    /** The current value boxed (Double, Long, String, Boolean or null), for small metadata answers. */
    Object value(int column);

    /**
     * True when {@link #kind} is the stored type (msgpack). False for JSON, where 7.0 and 7 look alike: numeric
     * values must then be typed from {@code SHOW FIELD KEYS}.
     */
    boolean typesExact();

    @Override
    void close();
}
