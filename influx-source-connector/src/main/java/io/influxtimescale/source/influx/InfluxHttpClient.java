package io.influxtimescale.source.influx;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InfluxQL over HTTP {@code /query} (1.x, and 2.x/3.x through the v1-compatible API), answers in msgpack read as a
 * stream. Why not a client library: influxdb-client-java reads InfluxQL answers as CSV (a float 7.0 and an integer 7
 * look alike) into memory; influxdb-java pushes chunks as callbacks on OkHttp threads and brings Retrofit and Moshi.
 * The JDK client plus msgpack-core gives a pull stream with memory bounded by one row and every value's true type.
 *
 * <p>No call waits forever: connecting is bounded by the connect timeout, and a server that stays silent longer than
 * the read timeout (before its answer begins, or in the middle of a streamed answer) fails the query as
 * {@link InfluxException.Unavailable}. {@link #close()}, from any thread, aborts every query in flight (a blocked
 * read fails at once with {@link InfluxException.Closed}) and refuses new ones: a task's {@code stop()} calls it.
 */
public final class InfluxHttpClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxHttpClient.class);
    private static final String MSGPACK = "application/x-msgpack";
    private static final String JSON = "application/json";
    private volatile boolean warnedJson;

    private final InfluxConnectionSettings settings;
    private final HttpClient http;
    private final URI queryUri;
    private final URI pingUri;
    /** Requests waiting for their answer to begin, and answers being read: what {@link #close()} aborts. */
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final Set<StreamingBody> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public InfluxHttpClient(InfluxConnectionSettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1);
        if ("https".equalsIgnoreCase(settings.url().getScheme())) {
            builder.sslContext(TlsContexts.create(settings));
        }
        this.http = builder.build();
        String base = settings.url().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        this.queryUri = URI.create(base + "/query");
        this.pingUri = URI.create(base + "/ping");
    }

    public InfluxConnectionSettings settings() {
        return settings;
    }

    /** {@code GET /ping}: is anything answering at the URL. Returns the server version header (may be empty). */
    public String ping() {
        HttpRequest request = HttpRequest.newBuilder(pingUri).timeout(settings.connectTimeout()).GET().build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 500) {
                throw new InfluxException.Unavailable("InfluxDB at " + settings.url() + " answered /ping with HTTP "
                        + response.statusCode(), null);
            }
            return response.headers().firstValue("X-Influxdb-Version").orElse("");
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfluxException.Unavailable("interrupted while contacting InfluxDB", e);
        }
    }

    /**
     * Runs a query and returns a reader over its msgpack answer. {@code chunkSize > 0} asks for a chunked response
     * (the server then streams and never holds the whole answer); {@code database} may be null for queries that name
     * it themselves. The caller must close the reader.
     */
    public QueryResponseReader query(String database, String influxQl, int chunkSize) {
        StringBuilder form = new StringBuilder();
        form.append("q=").append(encode(influxQl)).append("&epoch=ns");
        if (database != null) {
            form.append("&db=").append(encode(database));
        }
        if (chunkSize > 0) {
            form.append("&chunked=true&chunk_size=").append(chunkSize);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(queryUri)
                .timeout(settings.readTimeout())
                .header("Accept", settings.jsonOnly() ? JSON : MSGPACK)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString(), StandardCharsets.UTF_8));
        authorize(request);
        HttpResponse<InputStream> response = send(request.build());
        int status = response.statusCode();
        if (status == 200) {
            String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (type.startsWith(MSGPACK)) {
                return new MsgpackQueryResponse(response.body());
            }
            if (type.startsWith(JSON)) {
                if (!warnedJson && !settings.jsonOnly()) {
                    warnedJson = true;
                    LOG.warn("InfluxDB at {} answers /query in JSON, not msgpack (InfluxDB 3 / Cloud): numeric values "
                            + "are typed from SHOW FIELD KEYS, and a field that is both float and integer cannot be "
                            + "told apart where a float has an integral value", settings.url());
                }
                return new JsonQueryResponse(response.body());
            }
            closeQuietly(response.body());
            throw new InfluxException.QueryFailed("InfluxDB at " + settings.url() + " answered with Content-Type '"
                    + type + "', neither msgpack nor JSON");
        }
        String message = errorMessage(response);
        if (status == 401 || status == 403) {
            throw new InfluxException.AuthFailed("InfluxDB at " + settings.url() + " refused the credentials (HTTP "
                    + status + "): " + message);
        }
        if (status >= 500 || status == 429 || status == 408) {
            throw new InfluxException.Unavailable("InfluxDB at " + settings.url() + " answered HTTP " + status + ": "
                    + message, null);
        }
        throw new InfluxException.QueryFailed("HTTP " + status + ": " + message);
    }

    /**
     * Sends a request and waits for its answer to begin (the request timeout is the read timeout); the body is a
     * {@link StreamingBody} registered for {@link #close()} until it is closed.
     */
    private HttpResponse<InputStream> send(HttpRequest request) {
        if (closed) {
            throw closedException();
        }
        CompletableFuture<HttpResponse<InputStream>> future = http.sendAsync(request,
                info -> register(new StreamingBody(settings.readTimeout(), open::remove)));
        pending.add(future);
        try {
            if (closed) {
                future.cancel(true);
            }
            return future.get();
        } catch (CancellationException e) {
            throw closedException();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (closed) {
                throw closedException();
            }
            if (cause instanceof HttpTimeoutException) {
                throw new InfluxException.Unavailable("InfluxDB at " + settings.url() + " did not begin to answer "
                        + "within " + settings.readTimeout().toMillis() + " ms (influxdb.read.timeout.ms)", cause);
            }
            if (cause instanceof IOException) {
                throw unreachable((IOException) cause);
            }
            throw new InfluxException.Unavailable("querying InfluxDB at " + settings.url() + " failed: " + cause,
                    cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new InfluxException.Unavailable("interrupted while querying InfluxDB", e);
        } finally {
            pending.remove(future);
        }
    }

    private StreamingBody register(StreamingBody body) {
        open.add(body);
        if (closed) {
            body.close();
        }
        return body;
    }

    private InfluxException closedException() {
        return new InfluxException.Closed("the InfluxDB client was closed (the task is stopping)");
    }

    /**
     * Aborts every query in flight and refuses new ones. Safe from any thread (a task's {@code stop()}): a thread
     * blocked waiting for an answer, or reading one, fails at once with {@link InfluxException.Closed}.
     */
    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<?> f : pending) {
            f.cancel(true);
        }
        for (StreamingBody body : open) {
            body.close();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    private void authorize(HttpRequest.Builder request) {
        if (settings.usesToken()) {
            // 2.x/3.x v1-compatible API.
            request.header("Authorization", "Token " + settings.token());
        } else if (settings.username() != null) {
            // Basic auth keeps the password out of URLs and thereby out of any access log.
            String pair = settings.username() + ":" + settings.password();
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private String errorMessage(HttpResponse<InputStream> response) {
        String header = response.headers().firstValue("X-Influxdb-Error").orElse(null);
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(4096);
            if (header != null) {
                return header;
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith(MSGPACK)) {
                try (QueryResponseReader reader = new MsgpackQueryResponse(new java.io.ByteArrayInputStream(bytes))) {
                    while (reader.nextRow()) {
                        // an error body has no rows; reaching its "error" entry throws
                    }
                } catch (InfluxException.QueryFailed e) {
                    return e.serverMessage();
                } catch (RuntimeException e) {
                    LOG.debug("could not decode an error body", e);
                }
            }
            return new String(bytes, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return header != null ? header : "(no readable error body: " + e.getMessage() + ")";
        }
    }

    private InfluxException unreachable(IOException e) {
        return new InfluxException.Unavailable("cannot reach InfluxDB at " + settings.url() + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
                + e.getMessage()), e);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // discarded connection
        }
    }
}
