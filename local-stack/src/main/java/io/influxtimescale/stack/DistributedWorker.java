package io.influxtimescale.stack;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;

/**
 * A real Kafka Connect distributed worker, started the way {@code connect-distributed.sh} starts one
 * ({@link ConnectDistributed}), from a worker properties file with a few values overridden for this machine. Unlike
 * the test harness it listens on the REST port the file names, so the stack's REST URL is fixed and documented.
 */
final class DistributedWorker implements AutoCloseable {
    private final Map<String, String> props;
    private Connect<?> connect;

    DistributedWorker(Path workerProperties, Map<String, String> overrides) throws IOException {
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(workerProperties)) {
            file.load(reader);
        }
        props = new HashMap<>();
        file.stringPropertyNames().forEach(k -> props.put(k, file.getProperty(k)));
        props.putAll(overrides);
    }

    DistributedWorker start() {
        connect = new ConnectDistributed().startConnect(props);
        return this;
    }

    /** The REST URL, from the worker's {@code listeners}. */
    String restUrl() {
        String listener = props.get("listeners").split(",")[0].trim();
        return listener.endsWith("/") ? listener.substring(0, listener.length() - 1) : listener;
    }

    @Override
    public void close() {
        if (connect != null) {
            connect.stop();
            connect.awaitStop();
            connect = null;
        }
    }
}
