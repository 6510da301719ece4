package io.influxtimescale.source.task;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.discovery.FieldKey;
import io.influxtimescale.source.discovery.SchemaDiscovery;

/**
 * Field keys and their types, cached for the task's phases: per container (for the explicit field list of a window
 * query, read again after 10 s so a new field is selected soon) and per retention policy (one statement for all its
 * measurements, which decides what may share a grouped query; kept until a read shows it is out of date).
 */
final class FieldTypeCache {
    private static final long CONTAINER_TTL_MS = 10_000;

    /** A container's fields: sorted names and every type each has (several when shard groups disagree). */
    record Fields(List<String> names, Map<String, Set<FieldType>> types, long readAtMs) {
    }

    record Policy(String database, String retentionPolicy) {
        static Policy of(Container c) {
            return new Policy(c.database(), c.retentionPolicy());
        }
    }

    private final SchemaDiscovery discovery;
    private final LongSupplier clock;
    private final Map<Container, Fields> byContainer = new HashMap<>();
    private final Map<Policy, Map<String, Map<String, Set<FieldType>>>> byPolicy = new HashMap<>();

    FieldTypeCache(SchemaDiscovery discovery, LongSupplier clock) {
        this.discovery = discovery;
        this.clock = clock;
    }

    Fields of(Container c) {
        long now = clock.getAsLong();
        Fields cached = byContainer.get(c);
        if (cached == null || now - cached.readAtMs() > CONTAINER_TTL_MS) {
            Map<String, Set<FieldType>> types = new HashMap<>();
            for (FieldKey k : discovery.fieldKeys(c.database(), c.retentionPolicy(), c.measurement())) {
                types.computeIfAbsent(k.name(), n -> EnumSet.noneOf(FieldType.class)).add(k.type());
            }
            cached = new Fields(new ArrayList<>(new TreeSet<>(types.keySet())), types, now);
            byContainer.put(c, cached);
        }
        return cached;
    }

    /** Measurement -> field -> types of one retention policy. */
    Map<String, Map<String, Set<FieldType>>> ofPolicy(Policy policy) {
        return byPolicy.computeIfAbsent(policy,
                p -> discovery.fieldTypesOfPolicy(p.database(), p.retentionPolicy()));
    }

    /** The types of one measurement as its policy's statement showed them (empty when it has none yet). */
    Map<String, Set<FieldType>> ofMeasurement(Container c) {
        return ofPolicy(Policy.of(c)).getOrDefault(c.measurement(), Map.of());
    }

    void invalidate(Policy policy) {
        byPolicy.remove(policy);
    }
}
