package io.influxtimescale.source;

/** The version the jar manifest carries (Implementation-Version), or "unknown" when run from classes. */
final class Versions {
    private Versions() {
    }

    static String of(Class<?> type) {
        String v = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
