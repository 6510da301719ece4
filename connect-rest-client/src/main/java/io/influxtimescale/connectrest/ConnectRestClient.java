package io.influxtimescale.connectrest;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The calls of the Kafka Connect REST API this project makes: deploy and inspect connectors, stop and resume them,
 * and read, alter and reset their offsets (KIP-875). The typed calls ({@link #connectorStatus}, {@link #config},
 * {@link #taskConfigs}, {@link #partitionOffsets}) are what callers should use; the tree-returning ones
 * ({@link #status}, {@link #connectorConfig}, {@link #tasks}, {@link #offsets}) remain for callers not moved yet.
 */
public final class ConnectRestClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Supplier<String> baseUrl;
    private final HttpClient http;

    /** @param baseUrl the worker's REST URL, e.g. {@code http://127.0.0.1:8083}; asked on every call. */
    public ConnectRestClient(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public ConnectRestClient(String baseUrl) {
        this(() -> baseUrl);
    }

    public String baseUrl() {
        return stripSlash(baseUrl.get());
    }

    /** {@code GET /}: the worker's Kafka version, commit and Kafka cluster id. */
    public JsonNode serverInfo() {
        return send("GET", "/", null);
    }

    /** {@code GET /connector-plugins}: class, type and version of every plugin the worker loaded. */
    public JsonNode connectorPlugins() {
        return send("GET", "/connector-plugins", null);
    }

    /** {@code GET /} and {@code GET /connector-plugins}, typed. */
    public WorkerInfo workerInfo() {
        return WorkerInfo.of(serverInfo(), connectorPlugins());
    }

    /**
     * {@code PUT /connector-plugins/{class}/config/validate}, typed: the error messages of each key that has any, in
     * the worker's order; empty when the config is valid.
     */
    public Map<String, List<String>> validationErrors(String connectorClass, Map<String, String> config) {
        JsonNode answer = validateConfig(connectorClass, config);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (JsonNode c : answer.path("configs")) {
            JsonNode value = c.path("value");
            for (JsonNode e : value.path("errors")) {
                errors.computeIfAbsent(value.path("name").asText(), k -> new ArrayList<>()).add(e.asText());
            }
        }
        return errors;
    }

    /** {@code GET /connectors}: the names of the deployed connectors. */
    public List<String> connectors() {
        List<String> names = new ArrayList<>();
        send("GET", "/connectors", null).forEach(n -> names.add(n.asText()));
        return names;
    }

    /** {@code PUT /connectors/{name}/config}: creates or updates a connector, idempotently. */
    public JsonNode putConnectorConfig(String name, Map<String, String> config) {
        return send("PUT", "/connectors/" + encode(name) + "/config", JSON.valueToTree(config));
    }

    /** {@code PUT /connector-plugins/{class}/config/validate}: every config value with its errors. */
    public JsonNode validateConfig(String connectorClass, Map<String, String> config) {
        return send("PUT", "/connector-plugins/" + encode(connectorClass) + "/config/validate",
                JSON.valueToTree(config));
    }

    public JsonNode connectorConfig(String name) {
        return send("GET", "/connectors/" + encode(name) + "/config", null);
    }

    /** {@code GET /connectors/{name}/config}: the connector's config as the worker stores it (references unresolved). */
    public Map<String, String> config(String name) {
        Map<String, String> config = new LinkedHashMap<>();
        connectorConfig(name).fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        return config;
    }

    /** {@code GET /connectors/{name}/status}, typed. */
    public ConnectorStatus connectorStatus(String name) {
        return ConnectorStatus.of(status(name));
    }

    /** {@code GET /connectors/{name}/tasks}: the config the connector gave each task, in task order. */
    public List<Map<String, String>> taskConfigs(String name) {
        List<Map<String, String>> out = new ArrayList<>();
        for (JsonNode task : tasks(name)) {
            Map<String, String> config = new LinkedHashMap<>();
            task.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            out.add(config);
        }
        return out;
    }

    /** {@code GET /connectors/{name}/offsets}, typed: one entry per partition. */
    public List<PartitionOffset> partitionOffsets(String name) {
        return PartitionOffset.listOf(offsets(name));
    }

    /** {@code GET /connectors/{name}/status}: connector and task states, with traces of failures. */
    public JsonNode status(String name) {
        return send("GET", "/connectors/" + encode(name) + "/status", null);
    }

    /** {@code GET /connectors/{name}/tasks}: each task's id and the config the connector gave it. */
    public JsonNode tasks(String name) {
        return send("GET", "/connectors/" + encode(name) + "/tasks", null);
    }

    /** {@code PUT /connectors/{name}/stop}: stops the connector and its tasks, keeping its config (KIP-875). */
    public void stop(String name) {
        send("PUT", "/connectors/" + encode(name) + "/stop", null);
    }

    public void resume(String name) {
        send("PUT", "/connectors/" + encode(name) + "/resume", null);
    }

    public void pause(String name) {
        send("PUT", "/connectors/" + encode(name) + "/pause", null);
    }

    /** {@code POST /connectors/{name}/restart?includeTasks=true}. */
    public void restart(String name) {
        send("POST", "/connectors/" + encode(name) + "/restart?includeTasks=true&onlyFailed=false", null);
    }

    public void delete(String name) {
        send("DELETE", "/connectors/" + encode(name), null);
    }

    /** {@code GET /connectors/{name}/offsets}: {"offsets": [{"partition": {...}, "offset": {...}}]}. */
    public JsonNode offsets(String name) {
        return send("GET", "/connectors/" + encode(name) + "/offsets", null);
    }

    /** {@code DELETE /connectors/{name}/offsets}: resets every offset; the connector must be stopped. */
    public JsonNode resetOffsets(String name) {
        return send("DELETE", "/connectors/" + encode(name) + "/offsets", null);
    }

    /**
     * {@code PATCH /connectors/{name}/offsets} with {@code {"offsets": [...]}}; an entry whose offset is null
     * removes that partition's offset. The connector must be stopped.
     */
    public JsonNode alterOffsets(String name, JsonNode offsetsBody) {
        return send("PATCH", "/connectors/" + encode(name) + "/offsets", offsetsBody);
    }

    /** A fresh empty JSON object, for building request bodies. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** A JSON mapper configured like this client's own (a copy: callers cannot change how the client reads). */
    public static ObjectMapper json() {
        return JSON.copy();
    }

    private JsonNode send(String method, String path, JsonNode body) {
        URI uri = URI.create(baseUrl() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ConnectRestException(method + " " + uri + " failed: the Connect worker is not reachable ("
                    + e + "); check that it runs and that the URL is right", -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectRestException(method + " " + uri + " interrupted", -1, e);
        }
        String text = response.body();
        if (response.statusCode() >= 300) {
            throw new ConnectRestException(method + " " + uri + " answered " + response.statusCode() + ": "
                    + errorMessage(text), response.statusCode(), null);
        }
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new ConnectRestException(method + " " + uri + " answered something that is not JSON: " + text,
                    response.statusCode(), e);
        }
    }

    private static String errorMessage(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (IOException | RuntimeException ignored) {
            // Not JSON: show the body as it is.
        }
        return body;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
