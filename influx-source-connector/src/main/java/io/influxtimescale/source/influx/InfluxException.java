package io.influxtimescale.source.influx;

/**
 * A failure talking to InfluxDB. {@link #retryable()} tells the caller whether trying the same request again later
 * can help (server unreachable, 5xx, a connection cut mid-stream) or not (bad credentials, a query the server rejects).
 */
public class InfluxException extends RuntimeException {
    private final boolean retryable;

    public InfluxException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    /**
     * A failure while reading an answer: {@link Closed} when the client was closed under the reader, else
     * {@link Unavailable} (a connection cut, a server gone silent).
     */
    static InfluxException readFailed(String what, java.io.IOException e) {
        if (e instanceof StreamingBody.ClosedException) {
            return new Closed("the InfluxDB client was closed while " + what + " (the task is stopping)");
        }
        return new Unavailable(what + " failed: " + e, e);
    }

    /** Unreachable, 5xx, timeouts, connection reset: transient, retried with backoff. */
    public static final class Unavailable extends InfluxException {
        public Unavailable(String message, Throwable cause) {
            super(message, true, cause);
        }
    }

    /**
     * The client was closed while a query was in flight or about to start (the task is stopping). Not retried: the
     * caller is going away.
     */
    public static final class Closed extends InfluxException {
        public Closed(String message) {
            super(message, false, null);
        }
    }

    /** 401/403: credentials missing or wrong. Retrying cannot help. */
    public static final class AuthFailed extends InfluxException {
        public AuthFailed(String message) {
            super(message, false, null);
        }
    }

    /** The server rejected or aborted a query (parse error, unknown database, a limit such as max-select-point). */
    public static final class QueryFailed extends InfluxException {
        private final String serverMessage;

        public QueryFailed(String serverMessage) {
            super(serverMessage, false, null);
            this.serverMessage = serverMessage;
        }

        public String serverMessage() {
            return serverMessage;
        }
    }
}
