package io.influxtimescale.cli;

/** The CLI's exit codes, the same for every command so that scripts can rely on them. */
public final class ExitCode {
    /** Done, or everything is as it should be. */
    public static final int OK = 0;
    /** Not yet (backfill incomplete, lag too high) or differs (verify found mismatches). */
    public static final int NOT_YET = 1;
    /** Bad input or an unreachable server; nothing was changed. */
    public static final int BAD_INPUT = 2;

    private ExitCode() {
    }
}
