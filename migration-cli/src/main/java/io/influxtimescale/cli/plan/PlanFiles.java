package io.influxtimescale.cli.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and writes plan files. Reading is strict: an unknown key, a missing required key, a value of the wrong type
 * or broken YAML is a {@link PlanException} naming the line, the key and the fix, never a silently ignored setting.
 */
public final class PlanFiles {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build();

    private static final String HEADER = String.join("\n",
            "# itc migration plan. Review and edit it, then: itc deploy --plan FILE [--dry-run]",
            "# - containers: set migrate: false to leave one out (the source selects databases x retention",
            "#   policies x measurements, so deploy refuses an exclusion it cannot express and says why).",
            "#   topic, first_point, last_point and field_values are what itc plan found, for review.",
            "# - source.window: time range read per query (e.g. 1h, 1d); lower it if InfluxDB aborts queries",
            "#   (max-select-point). source.mode: backfill | live | backfill+live.",
            "# - backfill_from/backfill_until: RFC 3339; empty = each container's first point / the first start.",
            "# - sink.layout: narrow | shepard; sink.schema: the target PostgreSQL schema.",
            "# - No secrets here: *_env name the environment variable (or --secrets-file entry) itc deploy reads.",
            "# - extra: further connector properties passed as they are (e.g. errors.tolerance, converters).",
            "");

    private PlanFiles() {
    }

    public static String write(Plan plan) {
        try {
            return HEADER + YAML.writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a plan", e);
        }
    }

    /** Reads and checks a plan file; throws {@link PlanException} with every problem found. */
    public static Plan read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new PlanException(file.toString(), List.of(new PlanProblem("(file)", 0, "no such file",
                    "write one with itc plan --output " + file)));
        } catch (IOException e) {
            throw new PlanException(file.toString(), List.of(new PlanProblem("(file)", 0, "cannot read it: "
                    + e.getMessage(), "check the path and its permissions")));
        }
        // Unknown keys first, all of them: Jackson would report a misspelt required key as missing instead.
        Map<String, Integer> lines;
        try {
            lines = lines(text);
        } catch (JsonProcessingException e) {
            throw new PlanException(file.toString(), List.of(problem(e)));
        } catch (IOException e) {
            throw new PlanException(file.toString(), List.of(new PlanProblem("(file)", 0, e.getMessage(), "")));
        }
        List<PlanProblem> unknown = unknownKeys(lines);
        if (!unknown.isEmpty()) {
            throw new PlanException(file.toString(), unknown);
        }
        Plan plan;
        try {
            plan = YAML.readValue(text, Plan.class);
        } catch (JsonProcessingException e) {
            throw new PlanException(file.toString(), List.of(problem(e)));
        }
        if (plan == null) {
            throw new PlanException(file.toString(), List.of(new PlanProblem("(file)", 1, "the plan is empty",
                    "write one with itc plan")));
        }
        List<PlanProblem> problems = PlanValidator.validate(plan);
        if (!problems.isEmpty()) {
            List<PlanProblem> located = new ArrayList<>();
            for (PlanProblem p : problems) {
                located.add(new PlanProblem(p.field(), lines.getOrDefault(p.field(), 0), p.message(), p.fix()));
            }
            throw new PlanException(file.toString(), located);
        }
        return plan;
    }

    private static PlanProblem problem(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        int line = at == null ? 0 : at.getLineNr();
        if (e instanceof UnrecognizedPropertyException u) {
            String field = path(u, u.getPropertyName());
            return new PlanProblem(field, line, "unknown key '" + u.getPropertyName() + "'", "check its spelling; "
                    + "keys allowed here: " + u.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", ")));
        }
        if (e instanceof InvalidFormatException f) {
            return new PlanProblem(path(f, null), line, "'" + f.getValue() + "' is not "
                    + article(f.getTargetType().getSimpleName()), "write " + article(f.getTargetType().getSimpleName()));
        }
        if (e instanceof MismatchedInputException m) {
            String message = m.getOriginalMessage();
            java.util.regex.Matcher missing = java.util.regex.Pattern
                    .compile("Missing required creator property '([^']+)'").matcher(message);
            if (missing.find()) {
                return new PlanProblem(path(m, missing.group(1)), line, "required key '" + missing.group(1)
                        + "' is missing", "add it (itc plan writes every key)");
            }
            if (message.startsWith("No content")) {
                return new PlanProblem("(file)", 1, "the plan is empty", "write one with itc plan");
            }
            String type = m.getTargetType() == null ? "value" : m.getTargetType().isRecord()
                    ? "mapping of " + m.getTargetType().getSimpleName().toLowerCase(java.util.Locale.ROOT)
                    + " settings (key: value lines)" : m.getTargetType().getSimpleName();
            return new PlanProblem(path(m, null), line, "expected " + article(type) + ": "
                    + firstLine(message), "write " + article(type) + " here");
        }
        return new PlanProblem("(syntax)", line, "not valid YAML: " + firstLine(e.getOriginalMessage()),
                "fix the YAML syntax at that line (indentation, a missing ':' or an unclosed quote)");
    }

    private static String path(JsonMappingException e, String last) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        if (last != null && !b.toString().endsWith(last)) {
            b.append(b.length() == 0 ? "" : ".").append(last);
        }
        return b.length() == 0 ? "(top level)" : b.toString();
    }

    private static final Map<String, Class<?>> SECTIONS = Map.of("", Plan.class, "source", Plan.Source.class,
            "sink", Plan.Sink.class, "topics", Plan.Topics.class, "containers[]", Plan.ContainerEntry.class);

    private static List<PlanProblem> unknownKeys(Map<String, Integer> lines) {
        List<PlanProblem> out = new ArrayList<>();
        lines.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> {
            String path = e.getKey();
            int dot = path.lastIndexOf('.');
            String section = dot < 0 ? "" : path.substring(0, dot).replaceAll("\\[\\d+]$", "[]");
            String key = path.substring(dot + 1);
            Class<?> type = SECTIONS.get(section);
            if (type == null) {
                return; // inside extra: any connector property
            }
            List<String> known = java.util.Arrays.stream(type.getRecordComponents())
                    .map(c -> SNAKE.translate(c.getName())).sorted().toList();
            if (!known.contains(key)) {
                out.add(new PlanProblem(path, e.getValue(), "unknown key '" + key + "'", "check its spelling; keys "
                        + "allowed here: " + String.join(", ", known)));
            }
        });
        return out;
    }

    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    /** Line of every key, by the path {@link PlanValidator} names it with (e.g. {@code containers[2].migrate}). */
    static Map<String, Integer> lines(String text) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        try (JsonParser p = YAML.getFactory().createParser(text)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME) {
                    String pointer = p.getParsingContext().pathAsPointer().toString();
                    out.putIfAbsent(pointer.substring(1).replaceAll("/(\\d+)(?=/|$)", "[$1]").replace('/', '.'),
                            p.currentTokenLocation().getLineNr());
                }
            }
        }
        return out;
    }

    private static String article(String type) {
        String t = type.equals("Integer") || type.equals("Long") ? "whole number" : type.equals("Boolean")
                ? "boolean (true or false)" : type.equals("String") ? "text" : type;
        return "aeiou".indexOf(Character.toLowerCase(t.charAt(0))) >= 0 ? "an " + t : "a " + t;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
