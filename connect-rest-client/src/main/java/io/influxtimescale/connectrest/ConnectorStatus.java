package io.influxtimescale.connectrest;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /connectors/{name}/status}, typed: the connector's state and each task's, with the first line of a
 * failed one's trace. The one place that decides whether a connector "runs" ({@link #notRunning()}).
 */
public record ConnectorStatus(String name, String state, List<Task> tasks) {
    public static final String RUNNING = "RUNNING";
    public static final String FAILED = "FAILED";

    /** One task: its id, state and (when it failed) the worker's stack trace. */
    public record Task(int id, String state, String trace) {
        public boolean running() {
            return RUNNING.equals(state);
        }

        public boolean failed() {
            return FAILED.equals(state);
        }

        /** The first line of the trace (the exception and its message), or "". */
        public String traceHeadline() {
            return trace == null ? "" : trace.lines().findFirst().orElse("");
        }
    }

    public ConnectorStatus {
        tasks = List.copyOf(tasks);
    }

    static ConnectorStatus of(JsonNode node) {
        List<Task> tasks = new ArrayList<>();
        for (JsonNode t : node.path("tasks")) {
            tasks.add(new Task(t.path("id").asInt(), t.path("state").asText(), t.hasNonNull("trace")
                    ? t.path("trace").asText() : null));
        }
        return new ConnectorStatus(node.path("name").asText(), node.path("connector").path("state").asText(), tasks);
    }

    public boolean running() {
        return RUNNING.equals(state);
    }

    /** Everything that is not running, one sentence each ("connector 'x' task 0 is FAILED: ..."); empty when all run. */
    public List<String> notRunning() {
        List<String> out = new ArrayList<>();
        if (!running()) {
            out.add("connector '" + name + "' is " + state);
        }
        for (Task t : tasks) {
            if (!t.running()) {
                out.add("connector '" + name + "' task " + t.id() + " is " + t.state()
                        + (t.trace() == null ? "" : ": " + t.traceHeadline()));
            }
        }
        return out;
    }

    /** The connector and every task it has run (zero tasks count as running: a connector between rebalances). */
    public boolean allRunning() {
        return notRunning().isEmpty();
    }

    /** The first failed task, if any. */
    public java.util.Optional<Task> failedTask() {
        return tasks.stream().filter(Task::failed).findFirst();
    }
}
