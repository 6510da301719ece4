package io.influxtimescale.cli.plan;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The source connector's scope as a plan's containers give it: the exact names of the databases, retention policies
 * and measurements of every container to migrate. The connector selects every combination of the three, so a
 * container left out ({@code migrate: false}) whose three names are all in scope cannot be left out.
 */
public record ContainerScope(SortedSet<String> databases, SortedSet<String> retentionPolicies,
                             SortedSet<String> measurements) {
    public static ContainerScope of(List<Plan.ContainerEntry> containers) {
        ContainerScope scope = new ContainerScope(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
        for (Plan.ContainerEntry c : containers) {
            if (Boolean.TRUE.equals(c.migrate())) {
                scope.databases.add(c.database());
                scope.retentionPolicies.add(c.retentionPolicy());
                scope.measurements.add(c.measurement());
            }
        }
        return scope;
    }

    /** True when the connector would read this container. */
    public boolean selects(Plan.ContainerEntry c) {
        return databases.contains(c.database()) && retentionPolicies.contains(c.retentionPolicy())
                && measurements.contains(c.measurement());
    }

    /**
     * A regular expression matching exactly {@code name}: letters, digits and '_' as they are, every other character
     * as {@code \x{hex}}, so that no comma (the list separator of *.include settings) or regex syntax survives.
     */
    public static String exactPattern(String name) {
        StringBuilder b = new StringBuilder();
        name.codePoints().forEach(cp -> {
            if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_') {
                b.appendCodePoint(cp);
            } else {
                b.append("\\x{").append(Integer.toHexString(cp)).append('}');
            }
        });
        return b.toString();
    }

    public static String patternList(SortedSet<String> names) {
        return String.join(",", names.stream().map(ContainerScope::exactPattern).toList());
    }
}
