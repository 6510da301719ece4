package io.influxtimescale.cli.commands;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.influxtimescale.cli.CommandFailure;
import io.influxtimescale.cli.ConnectOptions;
import io.influxtimescale.cli.ExitCode;
import io.influxtimescale.cli.plan.ConnectorConfigs;
import io.influxtimescale.cli.plan.Plan;
import io.influxtimescale.cli.plan.PlanException;
import io.influxtimescale.cli.plan.PlanFiles;
import io.influxtimescale.cli.plan.Secrets;
import io.influxtimescale.connectrest.ConnectRestClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code itc deploy --plan FILE}: the plan's two connector configs, checked by the connectors' validate endpoint and
 * then PUT (source first, so its topics exist when the sink subscribes). Idempotent: a connector whose config on the
 * worker is already exactly the planned one is left alone (a PUT would restart its tasks). {@code --dry-run} prints
 * what would be sent, secrets masked, and only reads from the worker.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Turn a plan file into source and sink connector configs and PUT them (idempotent).")
public final class DeployCommand implements Callable<Integer> {
    @Mixin
    ConnectOptions connect;

    @Option(names = "--plan", required = true, paramLabel = "FILE", description = "Plan file (itc plan writes one).")
    Path planFile;

    @Option(names = "--dry-run", description = "Print what would be sent (secrets masked); change nothing.")
    boolean dryRun;

    @Option(names = "--secrets-file", paramLabel = "FILE", description = "Java properties NAME=value with the "
            + "secrets the plan names by *_env (looked up before the environment).")
    Path secretsFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Plan plan;
        try {
            plan = PlanFiles.read(planFile);
        } catch (PlanException e) {
            throw CommandFailure.badInput(e.getMessage());
        }
        ConnectorConfigs configs = ConnectorConfigs.of(plan, Secrets.load(secretsFile, System.getenv()));
        ConnectRestClient rest = connect.client();
        List<String> errors = new ArrayList<>();
        errors.addAll(validate(rest, plan.source().connector(), configs.source(), true));
        errors.addAll(validate(rest, plan.sink().connector(), configs.sink(), false));
        if (!errors.isEmpty()) {
            throw CommandFailure.badInput("the connectors refuse the plan " + planFile + " (nothing was sent):\n  "
                    + String.join("\n  ", errors));
        }
        PrintWriter out = spec.commandLine().getOut();
        apply(rest, plan.source().connector(), configs.source(), out);
        apply(rest, plan.sink().connector(), configs.sink(), out);
        if (dryRun) {
            out.println("dry run: nothing was sent");
        }
        out.flush();
        return ExitCode.OK;
    }

    /** The connector's own validation (static rules and its live checks), each error named by its plan field. */
    private static List<String> validate(ConnectRestClient rest, String name, Map<String, String> config,
                                         boolean source) {
        Map<String, String> body = new HashMap<>(config);
        body.put("name", name);
        List<String> errors = new ArrayList<>();
        rest.validationErrors(config.get("connector.class"), body).forEach((key, messages) -> {
            for (String e : messages) {
                errors.add((source ? ConnectorConfigs.sourceField(key) : ConnectorConfigs.sinkField(key)) + " ("
                        + key + "): " + e);
            }
        });
        return errors;
    }

    private void apply(ConnectRestClient rest, String name, Map<String, String> config, PrintWriter out) {
        Map<String, String> current = ConnectOptions.configOrNull(rest, name);
        if (current != null) {
            current.remove("name"); // Connect adds it; the plan's configs do not carry it
        }
        String action = current == null ? "create" : current.equals(config) ? "unchanged" : "update";
        if (action.equals("unchanged")) {
            out.printf("%s '%s': unchanged%n", dryRun ? "would leave" : "left", name);
            return;
        }
        if (dryRun) {
            out.printf("would %s '%s': PUT %s/connectors/%s/config%n%s%n", action, name, rest.baseUrl(), name,
                    ConnectRestClient.json().valueToTree(ConnectorConfigs.masked(config)).toPrettyString());
            return;
        }
        rest.putConnectorConfig(name, config);
        out.printf("%sd '%s'%n", action, name);
    }
}
