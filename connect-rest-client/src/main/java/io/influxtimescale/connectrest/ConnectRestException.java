package io.influxtimescale.connectrest;

/** A Connect REST call that failed: the worker answered an error status, or could not be reached. */
public class ConnectRestException extends RuntimeException {
    private final int status;

    public ConnectRestException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /**
     * True when the worker answered that it is rebalancing (409, or 500 "a rebalance is expected"): nothing is wrong,
     * the same call works a moment later.
     */
    public boolean rebalancing() {
        return status == 409 || (status >= 500 && String.valueOf(getMessage()).contains("rebalance"));
    }

    /** The HTTP status the worker answered, or -1 when it could not be reached. */
    public int status() {
        return status;
    }
}
