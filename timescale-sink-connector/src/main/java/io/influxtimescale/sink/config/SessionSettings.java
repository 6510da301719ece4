package io.influxtimescale.sink.config;

/**
 * Limits every sink session runs under, so that no database call blocks a task for ever (or past the consumer's
 * {@code max.poll.interval.ms}): the driver's socket timeout, PostgreSQL's {@code statement_timeout} and
 * {@code lock_timeout}. 0 means no limit.
 */
public record SessionSettings(long socketTimeoutMs, long statementTimeoutMs, long lockTimeoutMs) {
    /** For interactive tools (the CLI): long reads are expected and Ctrl-C ends them; lock waits are still bounded. */
    public static final SessionSettings INTERACTIVE = new SessionSettings(0, 0, 30_000);

    /** The driver's socketTimeout is in whole seconds: rounded up, so that a small positive limit stays a limit. */
    public int socketTimeoutSeconds() {
        return (int) Math.min(Integer.MAX_VALUE, (socketTimeoutMs + 999) / 1000);
    }
}
