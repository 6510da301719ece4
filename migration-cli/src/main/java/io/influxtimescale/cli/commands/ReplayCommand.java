package io.influxtimescale.cli.commands;

import java.util.concurrent.Callable;

import io.influxtimescale.cli.ConnectOptions;
import io.influxtimescale.cli.ConnectorControl;
import io.influxtimescale.cli.ExitCode;
import io.influxtimescale.connectrest.ConnectRestClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code itc replay}: the sink reads its topics again from the beginning. Stops the sink, deletes its offsets
 * (DELETE /connectors/{name}/offsets) and resumes it. Safe at any time: the sink's writes are idempotent.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Stop the sink, reset its offsets to the beginning of its topics, resume it.")
public final class ReplayCommand implements Callable<Integer> {
    @Mixin
    ConnectOptions connect;

    @Option(names = "--sink", defaultValue = "timescale-sink", description = "Sink connector (${DEFAULT-VALUE}).")
    String sink;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ConnectRestClient rest = connect.client();
        ConnectOptions.requireConnector(rest, sink);
        ConnectorControl.stopAndWait(rest, sink);
        rest.resetOffsets(sink);
        rest.resume(sink);
        spec.commandLine().getOut().println("replay started: '" + sink + "' reads its topics from the beginning");
        return ExitCode.OK;
    }
}
