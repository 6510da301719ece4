package io.influxtimescale.sink.layout.narrow;

import java.util.HexFormat;
import java.util.Objects;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.sink.layout.SeriesHash;
import io.influxtimescale.sink.layout.Texts;

/**
 * The identity of one row of the narrow series catalog: an InfluxDB series, one of its fields, and the field's type.
 * Its {@link #hashHex() hash} (SHA-256 over a length-prefixed canonical encoding) is the catalog's unique key: a
 * fixed 32 bytes, so the unique index never hits PostgreSQL's btree entry size limit however large a tag set is,
 * and every task computes the same hash for the same series without asking the database.
 */
public final class NarrowSeries {
    private final SeriesKey series;
    private final String field;
    private final FieldType type;
    private String hashHex;

    public NarrowSeries(SeriesKey series, String field, FieldType type) {
        this.series = Objects.requireNonNull(series);
        this.field = Objects.requireNonNull(field);
        this.type = Objects.requireNonNull(type);
    }

    public SeriesKey series() {
        return series;
    }

    public String field() {
        return field;
    }

    public FieldType type() {
        return type;
    }

    public String tagsJson() {
        return Texts.jsonObject(series.tags());
    }

    /** Lower-case hex of the SHA-256 of the canonical encoding. */
    public String hashHex() {
        if (hashHex == null) {
            hashHex = HexFormat.of().formatHex(hash(series, field, type));
        }
        return hashHex;
    }

    /** {@link SeriesHash} version 1 over the series, the field name and the type's wire name. */
    static byte[] hash(SeriesKey series, String field, FieldType type) {
        return SeriesHash.sha256(1, series, field, type.wireName());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NarrowSeries)) {
            return false;
        }
        NarrowSeries other = (NarrowSeries) o;
        return type == other.type && field.equals(other.field) && series.equals(other.series);
    }

    @Override
    public int hashCode() {
        return Objects.hash(series, field, type);
    }

    @Override
    public String toString() {
        return series + " field '" + field + "' (" + type.wireName() + ")";
    }
}
