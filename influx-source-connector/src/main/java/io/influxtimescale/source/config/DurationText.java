package io.influxtimescale.source.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the InfluxDB way: one or more number+unit parts, units ns, us (or µs), ms, s, m, h, d, w; e.g.
 * {@code 1h}, {@code 90m}, {@code 1d12h}, {@code 7d}.
 */
public final class DurationText {
    private static final Pattern PART = Pattern.compile("(\\d+)(ns|us|µs|ms|s|m|h|d|w)");

    private DurationText() {
    }

    public static long parseNanos(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        Matcher m = PART.matcher(s);
        long total = 0;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("'" + text + "' is not a duration such as 1h, 30m, 1d or 1d12h "
                        + "(units ns, us, ms, s, m, h, d, w)");
            }
            long n = Long.parseLong(m.group(1));
            total = Math.addExact(total, Math.multiplyExact(n, unitNanos(m.group(2))));
            at = m.end();
        }
        if (total <= 0) {
            throw new IllegalArgumentException("duration '" + text + "' must be positive");
        }
        return total;
    }

    private static long unitNanos(String unit) {
        switch (unit) {
            case "ns":
                return 1L;
            case "us":
            case "µs":
                return 1_000L;
            case "ms":
                return 1_000_000L;
            case "s":
                return 1_000_000_000L;
            case "m":
                return 60_000_000_000L;
            case "h":
                return 3_600_000_000_000L;
            case "d":
                return 86_400_000_000_000L;
            case "w":
                return 604_800_000_000_000L;
            default:
                throw new IllegalArgumentException("unknown unit " + unit);
        }
    }
}
