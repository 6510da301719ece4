package io.influxtimescale.cli.check;

/**
 * One result of the preflight: how bad it is, what it is about, what was found, and what to do about it.
 *
 * @param subject what it concerns, e.g. {@code InfluxDB} or {@code "telegraf"."autogen"."cpu"}
 * @param fix     what the operator should do (for a note: why nothing needs doing)
 */
public record Finding(Severity severity, String subject, String message, String fix) {
    /** How a finding weighs on the go/no-go decision. */
    public enum Severity {
        /** The migration would fail or lose data: fix before deploying (exit 1). */
        BLOCKER,
        /** The migration runs, but something deserves a decision (exit 0). */
        WARNING,
        /** Handled by the connectors; said so that nobody is surprised (exit 0). */
        NOTE
    }

    public static Finding blocker(String subject, String message, String fix) {
        return new Finding(Severity.BLOCKER, subject, message, fix);
    }

    public static Finding warning(String subject, String message, String fix) {
        return new Finding(Severity.WARNING, subject, message, fix);
    }

    public static Finding note(String subject, String message, String fix) {
        return new Finding(Severity.NOTE, subject, message, fix);
    }
}
