package io.influxtimescale.cli;

import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Option;

/** Where the Kafka brokers are, for the commands that read or change topics and consumer offsets themselves. */
public final class KafkaOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...",
            defaultValue = "${env:ITC_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers (env ITC_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    public boolean given() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }

    /** An admin client; {@code why} says in the error what it was needed for when no servers are given. */
    public Admin admin(String why) {
        if (!given()) {
            throw CommandFailure.badInput(why + " needs --bootstrap-servers (or ITC_BOOTSTRAP_SERVERS)");
        }
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /** The consumer group of a sink connector: Connect's {@code connect-<name>} unless its config overrides it. */
    public static String sinkGroup(String sinkName, Map<String, String> sinkConfig) {
        return sinkConfig.getOrDefault("consumer.override.group.id", "connect-" + sinkName);
    }

    /** The sink's topics: its {@code topics} list, or the existing topics its {@code topics.regex} matches. */
    public static java.util.Set<String> sinkTopics(Admin admin, Map<String, String> sinkConfig)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        java.util.Set<String> out = new java.util.TreeSet<>();
        String list = sinkConfig.getOrDefault("topics", "");
        for (String t : list.split(",")) {
            if (!t.isBlank()) {
                out.add(t.trim());
            }
        }
        String regex = sinkConfig.getOrDefault("topics.regex", "");
        if (!regex.isBlank()) {
            java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
            admin.listTopics().names().get().stream().filter(t -> p.matcher(t).matches()).forEach(out::add);
        }
        out.retainAll(admin.listTopics().names().get()); // already deleted ones: nothing to do
        return out;
    }
}
