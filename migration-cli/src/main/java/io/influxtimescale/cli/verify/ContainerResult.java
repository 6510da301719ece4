package io.influxtimescale.cli.verify;

import java.util.SortedMap;

import io.influxtimescale.source.discovery.Container;

/**
 * What verify found for one container: how many buckets (series, field, type, time bucket) it compared, how many
 * matched and differed, and per bucket start the field values counted on each side (all series and fields added up),
 * the timeline of a report's chart.
 */
public record ContainerResult(Container container, long buckets, long matching, long differing,
                              SortedMap<Long, Counts> timeline) {

    /** Field values counted in InfluxDB and in TimescaleDB for one bucket start. */
    public record Counts(long influx, long timescale) {
        Counts plus(long moreInflux, long moreTimescale) {
            return new Counts(influx + moreInflux, timescale + moreTimescale);
        }
    }
}
