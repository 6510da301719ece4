package io.influxtimescale.source.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.source.discovery.Container;

class LiveQueryGroupsTest {
    private final Map<String, Map<String, Set<FieldType>>> types = new HashMap<>();

    private Container m(String name, Object... fieldsAndTypes) {
        Map<String, Set<FieldType>> fields = new HashMap<>();
        for (int i = 0; i < fieldsAndTypes.length; i += 2) {
            fields.computeIfAbsent((String) fieldsAndTypes[i], k -> EnumSet.noneOf(FieldType.class))
                    .add((FieldType) fieldsAndTypes[i + 1]);
        }
        types.put(name, fields);
        return new Container("db", "rp", name);
    }

    private List<List<Container>> plan(List<Container> members, boolean exact, Set<Container> alone) {
        return LiveQueryGroups.plan(members, c -> types.getOrDefault(c.measurement(), Map.of()), exact, alone);
    }

    @Test
    void measurementsWhoseTypesAgreeShareOneQuery() {
        Container a = m("a", "v", FieldType.FLOAT, "s", FieldType.STRING);
        Container b = m("b", "v", FieldType.FLOAT);
        Container c = m("c", "w", FieldType.INTEGER);
        Container empty = m("d");
        assertThat(plan(List.of(a, b, c, empty), true, Set.of())).containsExactly(List.of(a, b, c, empty));
    }

    @Test
    void aFieldNameWithAnotherTypeGoesToAnotherGroup() {
        Container a = m("a", "v", FieldType.FLOAT);
        Container b = m("b", "v", FieldType.INTEGER);
        Container c = m("c", "v", FieldType.FLOAT);
        Container d = m("d", "v", FieldType.UNSIGNED);
        assertThat(plan(List.of(a, b, c, d), true, Set.of())).containsExactly(List.of(a, c), List.of(b),
                List.of(d));
    }

    @Test
    void multiTypedUnsafeNamesForcedOnesAndJsonAnswersAreReadAlone() {
        Container multi = m("multi", "v", FieldType.FLOAT, "v", FieldType.INTEGER);
        Container newline = m("bad\nname", "v", FieldType.FLOAT);
        Container forced = m("forced", "v", FieldType.FLOAT);
        Container x = m("x", "v", FieldType.FLOAT);
        Container y = m("y", "v", FieldType.FLOAT);
        assertThat(plan(List.of(multi, newline, forced, x, y), true, Set.of(forced)))
                .containsExactly(List.of(multi), List.of(newline), List.of(forced), List.of(x, y));
        assertThat(plan(List.of(x, y), false, Set.of())).containsExactly(List.of(x), List.of(y));
    }

    @Test
    void groupsHoldAtMostFiveHundredMeasurements() {
        List<Container> many = new ArrayList<>();
        for (int i = 0; i < 1_201; i++) {
            many.add(m("m" + i, "v", FieldType.FLOAT));
        }
        List<List<Container>> groups = plan(many, true, Set.of());
        assertThat(groups).hasSize(3);
        assertThat(groups.get(0)).hasSize(500);
        assertThat(groups.get(2)).hasSize(201);
    }
}
