package io.influxtimescale.cli.verify;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.source.discovery.Container;

/**
 * Compares source and target per (series, field, type, bucket) by aggregates computed on each server, and pins
 * down the first mismatches by pulling the raw points of just those buckets from both sides.
 */
public final class Verifier {
    private static final int POINTS_PER_MISMATCH = 10;

    private final InfluxSide influx;
    private final TimescaleSide timescale;
    private final long bucketNs;
    private final int pinDown;

    Verifier(InfluxSide influx, TimescaleSide timescale, long bucketNs, int pinDown) {
        this.influx = influx;
        this.timescale = timescale;
        this.bucketNs = bucketNs;
        this.pinDown = pinDown;
    }

    public VerifyReport verify(List<Container> containers, long fromNs, long untilNs) throws SQLException {
        List<Mismatch> mismatches = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        long buckets = 0;
        long values = 0;
        List<ContainerResult> perContainer = new ArrayList<>();
        for (Container c : containers) {
            long containerBuckets = 0;
            long differing = 0;
            TreeMap<Long, ContainerResult.Counts> timeline = new TreeMap<>();
            Map<BucketKey, Aggregate> source = influx.aggregates(c, fromNs, untilNs, notes);
            Map<BucketKey, Aggregate> target = timescale.aggregates(c, fromNs, untilNs);
            TreeSet<BucketKey> keys = new TreeSet<>(source.keySet());
            keys.addAll(target.keySet());
            Map<String, List<FieldType>> fields = null;
            for (BucketKey key : keys) {
                buckets++;
                containerBuckets++;
                Aggregate a = source.get(key);
                Aggregate b = target.get(key);
                values += a == null ? 0 : a.count();
                timeline.merge(key.bucketStartNs(), new ContainerResult.Counts(a == null ? 0 : a.count(),
                        b == null ? 0 : b.count()), (x, y) -> x.plus(y.influx(), y.timescale()));
                if (a != null && b != null && a.matches(b, key.type())) {
                    continue;
                }
                differing++;
                List<String> points = List.of();
                if (mismatches.size() < pinDown) {
                    if (fields == null) {
                        fields = influx.fields(c);
                    }
                    points = pinDown(c, key, fields.getOrDefault(key.field(), List.of(key.type())), fromNs,
                            untilNs);
                }
                mismatches.add(new Mismatch(c, key, bucketNs, a, b, points));
            }
            perContainer.add(new ContainerResult(c, containerBuckets, containerBuckets - differing, differing,
                    timeline));
        }
        return new VerifyReport(containers.size(), buckets, values, mismatches, notes, perContainer);
    }

    private List<String> pinDown(Container c, BucketKey key, List<FieldType> types, long fromNs, long untilNs)
            throws SQLException {
        long start = Math.max(fromNs, key.bucketStartNs());
        long end = Math.min(untilNs, key.bucketStartNs() + bucketNs);
        Map<Long, Object> source = new TreeMap<>();
        influx.rawPoints(c, key.field(), types, start, end, p -> {
            if (p.type() == key.type() && p.tags().equals(key.tags())) {
                source.put(p.timeNs(), p.value());
            }
        });
        Map<Long, Object> target = new TreeMap<>();
        timescale.rawPoints(c, key, start, end, p -> target.put(p.timeNs(), p.value()));
        TreeSet<Long> times = new TreeSet<>(source.keySet());
        times.addAll(target.keySet());
        List<String> out = new ArrayList<>();
        for (long t : times) {
            Object a = source.get(t);
            Object b = target.get(t);
            String line = null;
            if (b == null) {
                line = t + ": missing in TimescaleDB (InfluxDB has " + show(a) + ")";
            } else if (a == null) {
                line = t + ": only in TimescaleDB (" + show(b) + ")";
            } else if (!a.equals(b)) {
                // Double.equals compares bits: 0.0 and -0.0 differ, as they should here.
                line = t + ": InfluxDB has " + show(a) + ", TimescaleDB has " + show(b);
            }
            if (line != null && out.size() < POINTS_PER_MISMATCH) {
                out.add(line);
            }
        }
        return out;
    }

    private static String show(Object v) {
        if (v instanceof String) {
            String s = (String) v;
            return s.length() > 40 ? "'" + s.substring(0, 40) + "...' (" + s.length() + " chars)" : "'" + s + "'";
        }
        return String.valueOf(v);
    }
}
