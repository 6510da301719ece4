package io.influxtimescale.connectrest;

/** A Connect REST call that failed: the worker answered an error status, or could not be reached. */
public class ConnectRestException extends RuntimeException {
    private final int status;

    public ConnectRestException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status the worker answered, or -1 when it could not be reached. */
    public int status() {
        return status;
    }
}
