package io.influxtimescale.source.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.influx.InfluxQl;

/**
 * Groups the measurements of one retention policy that the live phase can read in one query.
 *
 * <p>Why groups: one query per measurement and poll does not scale (measured with 2,000 measurements: 1.6 CPU-s of
 * InfluxDB per round one by one, 0.4-0.5 s as multi-statement requests, 0.17-0.28 s as regular-expression queries of
 * 500 names). Why not all in one: in a query over several measurements InfluxDB gives each field name a single type
 * and converts the other measurements' values to it (an integer 2^53+1 comes back as the float 2^53). So a group
 * never holds two measurements that give one field name different types, and a measurement whose field has several
 * types (across shard groups), whose name cannot go into a regular expression, or which is read while the server's
 * answer cannot show value types (JSON) is read alone.
 */
final class LiveQueryGroups {
    static final int MAX_MEASUREMENTS_PER_QUERY = 500;

    private LiveQueryGroups() {
    }

    /**
     * @param members containers of one database and retention policy, sorted
     * @param fieldTypes the known field types of a container's measurement (empty map when it has none yet)
     * @param typesExact whether the server's answers carry each value's type (msgpack), so a conversion is visible
     * @param alone containers that must be read alone whatever their types
     */
    static List<List<Container>> plan(List<Container> members, Function<Container, Map<String, Set<FieldType>>> fieldTypes,
                                      boolean typesExact, Set<Container> alone) {
        List<List<Container>> out = new ArrayList<>();
        List<Map<String, FieldType>> groupTypes = new ArrayList<>();
        List<List<Container>> open = new ArrayList<>();
        for (Container c : members) {
            Map<String, Set<FieldType>> types = fieldTypes.apply(c);
            if (!typesExact || alone.contains(c) || !InfluxQl.regexSafe(c.measurement()) || multiTyped(types)) {
                out.add(List.of(c));
                continue;
            }
            int joined = -1;
            for (int g = 0; g < open.size() && joined < 0; g++) {
                if (open.get(g).size() < MAX_MEASUREMENTS_PER_QUERY && agrees(groupTypes.get(g), types)) {
                    joined = g;
                }
            }
            if (joined < 0) {
                open.add(new ArrayList<>());
                groupTypes.add(new HashMap<>());
                joined = open.size() - 1;
            }
            open.get(joined).add(c);
            for (Map.Entry<String, Set<FieldType>> f : types.entrySet()) {
                groupTypes.get(joined).put(f.getKey(), f.getValue().iterator().next());
            }
        }
        out.addAll(open);
        return out;
    }

    private static boolean multiTyped(Map<String, Set<FieldType>> types) {
        for (Set<FieldType> t : types.values()) {
            if (t.size() > 1) {
                return true;
            }
        }
        return false;
    }

    private static boolean agrees(Map<String, FieldType> group, Map<String, Set<FieldType>> types) {
        for (Map.Entry<String, Set<FieldType>> f : types.entrySet()) {
            FieldType existing = group.get(f.getKey());
            if (existing != null && existing != f.getValue().iterator().next()) {
                return false;
            }
        }
        return true;
    }
}
