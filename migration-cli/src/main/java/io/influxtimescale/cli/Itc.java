package io.influxtimescale.cli;

import java.io.PrintWriter;

import io.influxtimescale.cli.commands.CheckCommand;
import io.influxtimescale.cli.commands.CleanCommand;
import io.influxtimescale.cli.commands.CutoverCommand;
import io.influxtimescale.cli.commands.DeployCommand;
import io.influxtimescale.cli.commands.PlanCommand;
import io.influxtimescale.cli.commands.RebackfillCommand;
import io.influxtimescale.cli.commands.ReplayCommand;
import io.influxtimescale.cli.commands.StatusCommand;
import io.influxtimescale.cli.commands.VerifyCommand;
import io.influxtimescale.connectrest.ConnectRestException;
import io.influxtimescale.contract.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code itc}, the operator CLI of influx-timescale-connect. Every command prints a readable table by default and
 * JSON with {@code --json}, and exits {@link ExitCode#OK 0} on success, {@link ExitCode#NOT_YET 1} for "not yet" or
 * "differs", and {@link ExitCode#BAD_INPUT 2} for bad input or an unreachable server, having changed nothing.
 */
@Command(name = "itc", mixinStandardHelpOptions = true, versionProvider = Itc.Version.class,
        description = "Operate an InfluxDB -> Kafka Connect -> TimescaleDB migration.",
        subcommands = {CheckCommand.class, PlanCommand.class, DeployCommand.class, StatusCommand.class,
                VerifyCommand.class, CutoverCommand.class, ReplayCommand.class, RebackfillCommand.class,
                CleanCommand.class})
public final class Itc {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line on stdout/stderr, in the terminal's charset, and returns its exit code. */
    public static int run(String... args) {
        java.io.Console console = System.console();
        java.nio.charset.Charset charset = console != null ? console.charset()
                : java.nio.charset.Charset.defaultCharset();
        return run(new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true),
                new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true), args);
    }

    /** Runs a command line with the given output streams and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Itc());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(Itc::exitCode);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("itc: " + e.getMessage());
            return exitCode(e);
        });
        cli.getCommandSpec().exitCodeOnInvalidInput(ExitCode.BAD_INPUT);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static int exitCode(Throwable e) {
        if (e instanceof CommandFailure) {
            return ((CommandFailure) e).exitCode();
        }
        if (e instanceof ConnectRestException && ((ConnectRestException) e).rebalancing()) {
            return ExitCode.NOT_YET; // the worker is rebalancing: ask again in a moment
        }
        // An unreachable or refusing server, a malformed offset or argument: the operator has something to fix.
        return ExitCode.BAD_INPUT;
    }

    /** Reports the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Versions.of(Itc.class);
            return new String[] {"itc " + (version.equals(Versions.UNKNOWN) ? "(development build)" : version)};
        }
    }
}
