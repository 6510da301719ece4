package io.influxtimescale.contract;

/**
 * The version every jar of this project carries in its manifest (Implementation-Version), for the connectors'
 * {@code version()} and the CLI's {@code --version}: one rule for all of them, here because every module depends on
 * this one.
 */
public final class Versions {
    /** What {@link #of} answers when run from classes rather than a built jar. */
    public static final String UNKNOWN = "unknown";

    private Versions() {
    }

    /** The Implementation-Version of the jar holding {@code type}, or {@link #UNKNOWN}. */
    public static String of(Class<?> type) {
        Package p = type.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? UNKNOWN : v;
    }
}
