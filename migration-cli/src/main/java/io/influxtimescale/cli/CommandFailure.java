package io.influxtimescale.cli;

/** A command that cannot do what it was asked, with the message to show and the exit code to return. */
public final class CommandFailure extends RuntimeException {
    private final int exitCode;

    public CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public static CommandFailure badInput(String message) {
        return new CommandFailure(ExitCode.BAD_INPUT, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
