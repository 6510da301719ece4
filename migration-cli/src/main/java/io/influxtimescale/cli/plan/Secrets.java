package io.influxtimescale.cli.plan;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.influxtimescale.cli.CommandFailure;

/**
 * Where deploy finds the secrets a plan names by variable: a {@code --secrets-file} (Java properties,
 * {@code NAME=value}; keep it readable only by you) first, then the process environment. A named variable that is
 * set nowhere is bad input: deploying without the password would only fail later, on the worker.
 */
public final class Secrets {
    private final Properties file;
    private final Map<String, String> environment;
    private final boolean placeholders;

    private Secrets(Properties file, Map<String, String> environment, boolean placeholders) {
        this.file = file;
        this.environment = environment;
        this.placeholders = placeholders;
    }

    public static Secrets load(Path secretsFile, Map<String, String> environment) {
        Properties props = new Properties();
        if (secretsFile != null) {
            try (Reader r = Files.newBufferedReader(secretsFile)) {
                props.load(r);
            } catch (IOException e) {
                throw CommandFailure.badInput("cannot read --secrets-file " + secretsFile + ": " + e.getMessage());
            }
        }
        return new Secrets(props, environment, false);
    }

    /** Stand-ins for every named secret: for checking a plan's configs without reading any secret. */
    public static Secrets placeholders() {
        return new Secrets(new Properties(), Map.of(), true);
    }

    /** The value of the variable {@code name} names (empty when the plan names none). */
    public Optional<String> resolve(String field, String name) {
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        if (placeholders) {
            return Optional.of("(" + name + ")");
        }
        String value = file.getProperty(name, environment.get(name));
        if (value == null) {
            throw CommandFailure.badInput(field + " names " + name + ", which is set neither in the environment nor "
                    + "in --secrets-file: export " + name + "=... or add it to the secrets file (nothing was sent)");
        }
        return Optional.of(value);
    }
}
