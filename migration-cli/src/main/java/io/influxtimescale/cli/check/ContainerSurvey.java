package io.influxtimescale.cli.check;

import java.util.List;
import java.util.Map;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.source.discovery.Container;

/**
 * What the preflight learned about one container.
 *
 * @param fields      each field with every type {@code SHOW FIELD KEYS} lists for it
 * @param series      exact series count of the measurement (over all policies), -1 when unknown
 * @param firstNs     time of the first point, null when the policy holds none of it
 * @param lastNs      time of the last point, null when the policy holds none of it
 * @param fieldValues {@code count(*)} summed over fields, -1 when not counted
 * @param points      the largest per-field count: a lower bound on points (times), -1 when not counted
 * @param countError  why counting failed (e.g. a server limit), or null
 */
public record ContainerSurvey(Container container, Map<String, List<FieldType>> fields, List<String> tagKeys,
                              long series, Long firstNs, Long lastNs, long fieldValues, long points,
                              String countError) {
    public boolean hasData() {
        return firstNs != null;
    }
}
