package io.influxtimescale.cli.status;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Tasks that Connect still shows RUNNING on a worker that is gone. When a worker dies without leaving the group
 * (kill -9, a lost machine), Connect keeps its connectors and tasks assigned to it, with their last status, until
 * {@code scheduled.rebalance.max.delay.ms} has passed (5 minutes by default): {@code /status} says RUNNING and nothing
 * is read or written for them. This asks every worker named by a {@code worker_id} of a status at its advertised REST
 * address; one that refuses the connection or does not answer in time is gone, and the tasks on it are named.
 *
 * <p>Advertised addresses may not be reachable from where {@code itc} runs (host names of a container network): when
 * no worker at all answers at its advertised address, nothing is judged ({@link Verdict#unknown()}).
 */
public final class GoneWorkers {
    /** What a probe of one worker found. */
    public enum Probe {
        ANSWERS, GONE, UNREACHABLE_FROM_HERE
    }

    /** A worker that is gone and what Connect still assigns to it ("influx-source task 1"). */
    public record Gone(String workerId, List<String> assigned) {
        public Gone {
            assigned = List.copyOf(assigned);
        }

        /** One line for people: "WORKER GONE 127.0.0.1:8084 (no answer at its REST address): ..." */
        public String sentence() {
            return "WORKER GONE " + workerId + " (no answer at its REST address) still holds " + String.join(", ",
                    assigned) + ": nothing of it runs until Connect reassigns it (after "
                    + "scheduled.rebalance.max.delay.ms) or the worker comes back";
        }
    }

    /**
     * The outcome: workers gone, or unknown when no worker could be reached at its advertised address.
     *
     * @param note why nothing could be judged, or null
     */
    public record Verdict(List<Gone> gone, String note) {
        public Verdict {
            gone = List.copyOf(gone);
        }

        public boolean unknown() {
            return note != null;
        }
    }

    private GoneWorkers() {
    }

    /**
     * Probes the worker of every connector and task in {@code statuses} ({@code GET /connectors/{name}/status}
     * answers) once each.
     */
    public static Verdict find(List<JsonNode> statuses, Function<String, Probe> probe) {
        Map<String, List<String>> byWorker = new LinkedHashMap<>();
        for (JsonNode status : statuses) {
            String name = status.path("name").asText();
            String connectorWorker = status.path("connector").path("worker_id").asText("");
            if (!connectorWorker.isEmpty()) {
                byWorker.computeIfAbsent(connectorWorker, w -> new ArrayList<>()).add(name + " connector");
            }
            for (JsonNode task : status.path("tasks")) {
                String worker = task.path("worker_id").asText("");
                if (!worker.isEmpty()) {
                    byWorker.computeIfAbsent(worker, w -> new ArrayList<>())
                            .add(name + " task " + task.path("id").asText());
                }
            }
        }
        List<Gone> gone = new ArrayList<>();
        boolean anyAnswers = false;
        for (Map.Entry<String, List<String>> e : byWorker.entrySet()) {
            Probe p = probe.apply(e.getKey());
            if (p == Probe.ANSWERS) {
                anyAnswers = true;
            } else if (p == Probe.GONE) {
                gone.add(new Gone(e.getKey(), e.getValue()));
            }
        }
        if (!byWorker.isEmpty() && !anyAnswers) {
            return new Verdict(List.of(), "no worker answers at its advertised REST address ("
                    + String.join(", ", byWorker.keySet()) + ") from here; whether one is gone cannot be told");
        }
        return new Verdict(gone, null);
    }

    /**
     * A probe over HTTP: {@code GET <scheme>://<worker_id>/}. Any HTTP answer (even an error, even a TLS failure)
     * means a process listens; a refused connection or no answer within {@code timeout} means gone; a host name that
     * does not resolve means unreachable from here.
     */
    public static Function<String, Probe> httpProbe(String scheme, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        return workerId -> {
            URI uri;
            try {
                uri = URI.create(scheme + "://" + workerId + "/");
            } catch (IllegalArgumentException e) {
                return Probe.UNREACHABLE_FROM_HERE;
            }
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            try {
                http.send(request, HttpResponse.BodyHandlers.discarding());
                return Probe.ANSWERS;
            } catch (ConnectException e) {
                return unresolved(e) ? Probe.UNREACHABLE_FROM_HERE : Probe.GONE;
            } catch (HttpTimeoutException e) {
                return Probe.GONE;
            } catch (IOException e) {
                return unresolved(e) ? Probe.UNREACHABLE_FROM_HERE : Probe.ANSWERS;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Probe.UNREACHABLE_FROM_HERE;
            }
        };
    }

    private static boolean unresolved(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** The scheme of the REST URL itc talks to, used for the workers' advertised addresses too. */
    public static String schemeOf(String restUrl) {
        return restUrl.startsWith("https://") ? "https" : "http";
    }
}
