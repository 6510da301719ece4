package io.influxtimescale.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@code dev/stack} (everything but {@code --no-build}, which the script handles). */
final class StackOptions {
    static final String USAGE = String.join("\n",
            "usage: dev/stack [--fresh] [--workers N] [--state-dir DIR] [--influx-url URL [--database NAME]...]",
            "  --fresh            delete the state of earlier runs and start over (default: resume where it stopped)",
            "  --workers N        Kafka Connect worker processes (default 1)",
            "  --state-dir DIR    where the servers keep their data and logs (default .stack, env ITC_STACK_STATE)",
            "  --influx-url URL   migrate this InfluxDB instead of the sample one (credentials: env",
            "                     ITC_INFLUX_USER and ITC_INFLUX_PASSWORD, or ITC_INFLUX_TOKEN)",
            "  --database NAME    with --influx-url: migrate only this database (repeatable; default all)",
            "  --sample-hours H   hours of sample data (default 24)",
            "  --throttle B       InfluxDB answers the source at most B bytes/s (to watch a slow backfill)",
            "  --no-build         (dev/stack only) skip the Maven build");

    boolean fresh;
    int workers = 1;
    Path stateDir;
    String influxUrl;
    final List<String> databases = new ArrayList<>();
    int sampleHours = 24;
    long throttleBytesPerSecond;

    static StackOptions parse(String[] args) {
        StackOptions o = new StackOptions();
        String env = System.getenv("ITC_STACK_STATE");
        o.stateDir = Path.of(env == null || env.isBlank() ? ".stack" : env);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--fresh" -> o.fresh = true;
                case "--workers" -> o.workers = positive(a, value(args, ++i, a));
                case "--state-dir" -> o.stateDir = Path.of(value(args, ++i, a));
                case "--influx-url" -> o.influxUrl = value(args, ++i, a);
                case "--database" -> o.databases.add(value(args, ++i, a));
                case "--sample-hours" -> o.sampleHours = positive(a, value(args, ++i, a));
                case "--throttle" -> o.throttleBytesPerSecond = positive(a, value(args, ++i, a));
                case "-h", "--help" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (!o.databases.isEmpty() && o.influxUrl == null) {
            throw new IllegalArgumentException("--database goes with --influx-url (the sample InfluxDB has one)");
        }
        o.stateDir = o.stateDir.toAbsolutePath().normalize();
        return o;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String option, String text) {
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a positive number, got '" + text + "'");
    }

    boolean ownInflux() {
        return influxUrl != null;
    }
}
