package io.influxtimescale.source.influx;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The name and tags of a series in a query response. A chunked response repeats the header of a series that
 * continues in the next chunk, so consumers compare headers with {@link #equals} to tell a new series from a
 * continued one.
 */
public final class SeriesHeader {
    private final String name;
    private final SortedMap<String, String> tags;

    public SeriesHeader(String name, Map<String, String> tags) {
        this.name = name == null ? "" : name;
        this.tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
    }

    public String name() {
        return name;
    }

    /** Tags as returned by {@code GROUP BY *}: every tag key of the measurement, "" where the series has none. */
    public SortedMap<String, String> tags() {
        return tags;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SeriesHeader)) {
            return false;
        }
        SeriesHeader other = (SeriesHeader) o;
        return name.equals(other.name) && tags.equals(other.tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, tags);
    }

    @Override
    public String toString() {
        return name + tags;
    }
}
