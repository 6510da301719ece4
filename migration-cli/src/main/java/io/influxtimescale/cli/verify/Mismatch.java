package io.influxtimescale.cli.verify;

import java.util.List;

import io.influxtimescale.source.discovery.Container;

/**
 * One bucket where InfluxDB and TimescaleDB disagree: both sides' aggregates ({@code null} where a side has no
 * values at all) and, when it was pinned down, the exact points that differ.
 */
public record Mismatch(Container container, BucketKey key, long bucketNs, Aggregate influx, Aggregate timescale,
                       List<String> points) {
}
