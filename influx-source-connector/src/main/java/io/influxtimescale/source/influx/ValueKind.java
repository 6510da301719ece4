package io.influxtimescale.source.influx;

/**
 * The type of one value as it came off the msgpack wire. InfluxDB encodes int64 with msgpack's signed formats and
 * uint64 with the unsigned ones, except that both write 0..127 as a "positive fixint": such a value is
 * {@link #SMALL_INTEGER} and its column's type is decided by the other values or by {@code SHOW FIELD KEYS}.
 */
public enum ValueKind {
    NULL,
    FLOAT,
    INTEGER,
    UNSIGNED,
    SMALL_INTEGER,
    STRING,
    BOOLEAN
}
