package io.influxtimescale.sink.layout.wide;

import java.util.HexFormat;
import java.util.Objects;

import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.sink.layout.SeriesHash;
import io.influxtimescale.sink.layout.Texts;

/** A row of the wide series catalog: one InfluxDB series (database, retention policy, measurement, tag set). */
final class WideSeries {
    private final SeriesKey series;
    private String hashHex;

    WideSeries(SeriesKey series) {
        this.series = Objects.requireNonNull(series);
    }

    SeriesKey series() {
        return series;
    }

    String tagsJson() {
        return Texts.jsonObject(series.tags());
    }

    /** {@link SeriesHash} version 2 (the wide layout's own domain) over the series, lower-case hex. */
    String hashHex() {
        if (hashHex == null) {
            hashHex = HexFormat.of().formatHex(SeriesHash.sha256(2, series));
        }
        return hashHex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WideSeries && series.equals(((WideSeries) o).series);
    }

    @Override
    public int hashCode() {
        return series.hashCode();
    }

    @Override
    public String toString() {
        return series.toString();
    }
}
