package io.influxtimescale.cli;

import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.connectrest.ConnectRestException;
import picocli.CommandLine.Option;

/** Where the Kafka Connect REST API is, shared by every command that talks to it. */
public final class ConnectOptions {
    @Option(names = "--connect", paramLabel = "URL", defaultValue = "${env:ITC_CONNECT_URL:-http://127.0.0.1:8083}",
            description = "Kafka Connect REST URL (env ITC_CONNECT_URL; default: ${DEFAULT-VALUE}).")
    String url;

    public ConnectRestClient client() {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw CommandFailure.badInput("--connect must be an http(s) URL, got '" + url + "'");
        }
        return new ConnectRestClient(url);
    }

    /** Makes sure a connector exists before anything is changed, naming it and the worker when it does not. */
    public static void requireConnector(ConnectRestClient rest, String name) {
        try {
            rest.status(name);
        } catch (ConnectRestException e) {
            if (e.status() == 404) {
                throw CommandFailure.badInput("no connector named '" + name + "' on " + rest.baseUrl()
                        + "; deployed: " + rest.connectors());
            }
            throw CommandFailure.badInput(e.getMessage());
        }
    }

    /** A connector's config as the worker holds it (with the {@code name} Connect adds), or null when it does not exist. */
    public static java.util.Map<String, String> configOrNull(ConnectRestClient rest, String name) {
        try {
            return rest.config(name);
        } catch (ConnectRestException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }
}
