package io.influxtimescale.cli.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.sink.layout.shepard.ShepardLayout;
import io.influxtimescale.sink.layout.wide.WideLayout;
import io.influxtimescale.source.plan.TimeFormat;
import io.influxtimescale.source.task.TopicNamer;

/**
 * Turns what the survey found into blockers, warnings and notes, each with its fix. Pure logic: no server access.
 */
public final class InfluxFindings {
    /** Names that InfluxQL and SQL take unquoted; anything else is quoted by the connectors. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> SHEPARD_TAGS = Set.of("device", "location", "symbolic_name");

    private final String layout;
    private final long windowNs;
    private final String topicPrefix;
    private final TopicNamer topics;

    private final long nowNs;

    public InfluxFindings(String layout, long windowNs, String topicPrefix) {
        this(layout, windowNs, topicPrefix, TimeFormat.toNanos(java.time.Instant.now()));
    }

    /** @param nowNs the moment the survey was taken: points after it are stamped in the future */
    public InfluxFindings(String layout, long windowNs, String topicPrefix, long nowNs) {
        this.nowNs = nowNs;
        this.layout = layout;
        this.windowNs = windowNs;
        this.topicPrefix = topicPrefix;
        this.topics = new TopicNamer(topicPrefix);
    }

    public List<Finding> findings(List<ContainerSurvey> surveys, Optional<InfluxLimits> limits, String limitsWhyNot) {
        List<Finding> out = new ArrayList<>();
        limits.ifPresentOrElse(l -> serverLimits(l, out), () -> out.add(Finding.warning("InfluxDB",
                "server limits (max-select-point, max-select-series, query-timeout) could not be read: "
                        + limitsWhyNot, "run check as an InfluxDB admin to see them; if a window query fails with "
                        + "'max-select-point' or 'max-select-series', lower the plan's window or raise the limit")));
        Set<String> databases = new LinkedHashSet<>();
        for (ContainerSurvey s : surveys) {
            databases.add(s.container().database());
            if (s.hasData()) {
                container(s, limits, out);
            }
        }
        for (String db : databases) {
            String topic = topics.topic(db);
            if (!topic.equals(topicPrefix + db)) {
                out.add(Finding.note(quoted(db), "database name is not a valid Kafka topic name; its topic is '"
                        + topic + "'", "none: records carry the exact name, the topic is only routing"));
            }
        }
        return out;
    }

    private void serverLimits(InfluxLimits l, List<Finding> out) {
        if (l.hasQueryTimeout()) {
            out.add(Finding.warning("InfluxDB", "query-timeout is " + l.queryTimeout() + ": a window query that runs "
                    + "longer is killed and retried until the task fails", "set [coordinator] query-timeout = \"0s\""
                    + " for the migration, or lower the plan's window so each query finishes in time"));
        }
        if (l.maxSelectBuckets() > 0) {
            out.add(Finding.warning("InfluxDB", "max-select-buckets is " + l.maxSelectBuckets() + ": itc verify "
                    + "aggregates per GROUP BY time() bucket and fails over a range with more buckets",
                    "give itc verify a larger --bucket or a shorter --from/--until range, or set max-select-buckets = 0"));
        }
        if (l.maxRowLimit() > 0) {
            out.add(Finding.note("InfluxDB", "max-row-limit is " + l.maxRowLimit(), "none: the connector reads with "
                    + "chunked queries, which max-row-limit does not cut"));
        }
    }

    private void container(ContainerSurvey s, Optional<InfluxLimits> limits, List<Finding> out) {
        String subject = s.container().toString();
        if (s.lastNs() != null && s.lastNs() > nowNs) {
            out.add(Finding.warning(subject, "holds points stamped in the future, up to "
                    + TimeFormat.format(s.lastNs()) + ": the backfill reads up to the connector's first start, and "
                    + "the live phase reaches them only when their time comes", "keep reconcile.enabled=true (the "
                    + "default): reconciliation reads them in its first cycle after the backfill, and itc status "
                    + "calls a container complete only after that cycle"));
        }
        for (Map.Entry<String, List<FieldType>> f : s.fields().entrySet()) {
            if (f.getValue().size() > 1) {
                boolean shepard = layout.equals(ShepardLayout.NAME);
                out.add(shepard
                        ? Finding.warning(subject, "field '" + f.getKey() + "' has different types in different "
                                + "shards " + f.getValue() + "; shepard keeps one timeseries per field whose value_type "
                                + "names the first type written", "accept, or migrate with layout narrow, which keeps "
                                + "one series per type")
                        : Finding.note(subject, "field '" + f.getKey() + "' has different types in different shards "
                                + f.getValue(), "none: each shard group is read with its own type, every value "
                                + "keeps its type (wide: a column per type; narrow: a series per type), and verify "
                                + "compares them per type"));
            }
            if (s.tagKeys().contains(f.getKey())) {
                out.add(Finding.note(subject, "'" + f.getKey() + "' is both a tag key and a field key", "none: "
                        + "they are read apart (::tag, ::field); in TimescaleDB the tag is tags->>'" + f.getKey()
                        + "' and the field a series with field = '" + f.getKey() + "'"));
            }
        }
        List<String> odd = new ArrayList<>();
        if (!PLAIN.matcher(s.container().measurement()).matches()) {
            odd.add("measurement '" + s.container().measurement() + "'");
        }
        s.fields().keySet().stream().filter(n -> !PLAIN.matcher(n).matches()).forEach(n -> odd.add("field '" + n + "'"));
        s.tagKeys().stream().filter(n -> !PLAIN.matcher(n).matches()).forEach(n -> odd.add("tag '" + n + "'"));
        if (!odd.isEmpty()) {
            out.add(Finding.note(subject, "names that need quoting: " + String.join(", ", odd), layout.equals(
                    WideLayout.NAME) ? "none: the connectors quote every name; the wide layout's tables and columns "
                    + "keep them (double-quoted in SQL), and names PostgreSQL cannot take (over 63 bytes, or equal "
                    + "to another after case folding) get a stable renamed form listed in wide_tables/wide_columns"
                    : "none: the connectors quote every name; in SQL they are string values (measurement = '...'), "
                    + "not identifiers"));
        }
        if (layout.equals(ShepardLayout.NAME)) {
            List<String> dropped = s.tagKeys().stream().filter(t -> !SHEPARD_TAGS.contains(t)).toList();
            if (!dropped.isEmpty()) {
                out.add(Finding.warning(subject, "tags " + dropped + " have no place in shepard's schema: series "
                        + "that differ only in them share one timeseries", "accept, or migrate with layout narrow"));
            }
        }
        limits.ifPresent(l -> windowLimits(s, l, subject, out));
        boolean pointLimit = s.countError() != null && s.countError().contains("max-select-point");
        if (pointLimit && (double) s.lastNs() - (double) s.firstNs() < windowNs) {
            out.add(Finding.blocker(subject, "count(*) over the whole container was aborted by max-select-point ("
                    + s.countError() + "), and the whole container fits in one window: the window query would be "
                    + "aborted too", "set the plan's window (window.duration) so that a window holds fewer points "
                    + "than max-select-point, or set [coordinator] max-select-point = 0 and restart InfluxDB"));
        } else if (s.countError() != null) {
            out.add(Finding.warning(subject, "count(*) failed: " + s.countError() + "; the size and duration "
                    + "estimates leave this container out", pointLimit
                    ? "the server's max-select-point is lower than this container's size: the connector reads in "
                    + "windows, but keep the plan's window small enough (see max-select-point), or set it to 0"
                    : "run check with --skip-counts, or fix the server error"));
        }
    }

    private void windowLimits(ContainerSurvey s, InfluxLimits l, String subject, List<Finding> out) {
        if (l.maxSelectSeries() > 0 && s.series() > l.maxSelectSeries()) {
            out.add(Finding.blocker(subject, "the measurement has " + s.series() + " series, more than "
                    + "max-select-series " + l.maxSelectSeries() + ": every window query reads all its series "
                    + "(GROUP BY *) and would be aborted", "set [coordinator] max-select-series = 0 (or above "
                    + s.series() + ") in influxdb.conf and restart InfluxDB"));
        }
        if (l.maxSelectPoint() > 0 && s.fieldValues() > 0) {
            double span = Math.max(1.0, (double) s.lastNs() - (double) s.firstNs() + 1);
            double perWindow = s.fieldValues() * Math.min(1.0, windowNs / span);
            if (perWindow > l.maxSelectPoint()) {
                // half the limit, at the container's average density: room for windows denser than average
                long fit = (long) Math.max(1, (l.maxSelectPoint() / 2.0) * span / s.fieldValues());
                out.add(Finding.blocker(subject, String.format("a window holds about %,.0f field values on "
                        + "average, more than max-select-point %,d: window queries would be aborted", perWindow,
                        l.maxSelectPoint()), "set the plan's window (window.duration) to at most " + duration(fit)
                        + ", or set [coordinator] max-select-point = 0 and restart InfluxDB"));
            } else {
                out.add(Finding.warning(subject, String.format("max-select-point is %,d and a window holds about "
                        + "%,.0f field values on average; a denser window than average can still be aborted",
                        l.maxSelectPoint(), perWindow), "set max-select-point = 0 for the migration, or lower the "
                        + "window if a task fails with 'max-select-point'"));
            }
        }
    }

    /** The largest whole number of one unit at or below {@code ns}, written so that window.duration takes it. */
    static String duration(long ns) {
        long[] units = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
        String[] names = {"h", "m", "s", "ms", "us", "ns"};
        for (int i = 0; i < units.length; i++) {
            if (ns >= units[i]) {
                return (ns / units[i]) + names[i];
            }
        }
        return "1ns";
    }

    private static String quoted(String name) {
        return "database '" + name + "'";
    }
}
