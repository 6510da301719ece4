package io.influxtimescale.cli;

import picocli.CommandLine.Option;

/** The names of the migration's two connectors, for the commands that look at both. */
public final class ConnectorNames {
    @Option(names = "--source", defaultValue = "influx-source", description = "Source connector (${DEFAULT-VALUE}).")
    public String source;

    @Option(names = "--sink", defaultValue = "timescale-sink", description = "Sink connector (${DEFAULT-VALUE}).")
    public String sink;
}
