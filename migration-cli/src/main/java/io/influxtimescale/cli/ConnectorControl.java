package io.influxtimescale.cli;

import java.time.Duration;

import io.influxtimescale.connectrest.ConnectRestClient;

/** Stops a connector and waits until Connect reports it stopped, as the offsets API requires (KIP-875). */
public final class ConnectorControl {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private ConnectorControl() {
    }

    public static void stopAndWait(ConnectRestClient rest, String name) {
        rest.stop(name);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!"STOPPED".equals(state(rest, name))) {
            if (System.nanoTime() > deadline) {
                throw new CommandFailure(ExitCode.NOT_YET, "connector '" + name + "' did not stop within "
                        + TIMEOUT.toSeconds() + " s (state " + state(rest, name) + "); nothing else was changed");
            }
            sleep();
        }
    }

    private static String state(ConnectRestClient rest, String name) {
        return rest.connectorStatus(name).state();
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCode.NOT_YET, "interrupted");
        }
    }
}
