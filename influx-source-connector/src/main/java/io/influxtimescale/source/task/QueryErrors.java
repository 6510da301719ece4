package io.influxtimescale.source.task;

import java.util.Locale;

import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.plan.TimeWindow;

/** Explains a query error the server raised, naming the container, the window and the server setting to change. */
final class QueryErrors {
    private QueryErrors() {
    }

    /** Limits that a later attempt can pass (another query finishing frees a slot). */
    static boolean transientLimit(String serverMessage) {
        return serverMessage != null && serverMessage.toLowerCase(Locale.ROOT).contains("max-concurrent-queries");
    }

    static String describe(String serverMessage, Container container, TimeWindow window) {
        String m = serverMessage == null ? "" : serverMessage.toLowerCase(Locale.ROOT);
        String hint;
        if (m.contains("max-select-point")) {
            hint = "raise max-select-point in the [coordinator] section of influxdb.conf (0 = unlimited), or lower "
                    + "the connector's window.duration so each query selects fewer points";
        } else if (m.contains("max-select-series")) {
            hint = "raise max-select-series in the [coordinator] section of influxdb.conf (0 = unlimited); a smaller "
                    + "window does not reduce the series a query touches";
        } else if (m.contains("max-select-buckets")) {
            hint = "raise max-select-buckets in the [coordinator] section of influxdb.conf (0 = unlimited)";
        } else if (m.contains("timeout")) {
            hint = "raise query-timeout in the [coordinator] section of influxdb.conf (0 = none), or lower the "
                    + "connector's window.duration";
        } else if (m.contains("max-row-limit")) {
            hint = "set max-row-limit = 0 in the [http] section of influxdb.conf";
        } else {
            hint = "see the server's message; nothing of this window was skipped, the task stops here so that no "
                    + "data is lost silently";
        }
        return "InfluxDB rejected the query for database '" + container.database() + "', retention policy '"
                + container.retentionPolicy() + "', measurement '" + container.measurement() + "', window " + window
                + " [" + window.startNs() + ", " + window.endNs() + ") ns: " + serverMessage + ". To fix: " + hint
                + ". The task resumes at this window after a restart.";
    }
}
