package io.influxtimescale.source;

/**
 * Kept so that InfluxSourceConnector and InfluxSourceTask compile unchanged; the rule lives in
 * {@link io.influxtimescale.contract.Versions}. Callers should use that directly, and this class then goes.
 */
final class Versions {
    private Versions() {
    }

    static String of(Class<?> type) {
        return io.influxtimescale.contract.Versions.of(type);
    }
}
