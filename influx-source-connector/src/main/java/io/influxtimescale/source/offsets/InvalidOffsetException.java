package io.influxtimescale.source.offsets;

import org.apache.kafka.connect.errors.ConnectException;

/** A stored or user-supplied offset or partition that does not fit this connector's format. */
public final class InvalidOffsetException extends ConnectException {
    public InvalidOffsetException(String message) {
        super(message);
    }
}
