package io.influxtimescale.source.discovery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the containers in scope: every (database, retention policy, measurement) the filter admits. InfluxQL lists
 * measurements per database, not per retention policy, so every included policy gets every measurement; a task finds
 * out with one cheap query whether a policy really holds data of it.
 */
public final class ContainerDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerDiscovery.class);

    private final SchemaDiscovery schema;
    private final ScopeFilter scope;

    public ContainerDiscovery(SchemaDiscovery schema, ScopeFilter scope) {
        this.schema = schema;
        this.scope = scope;
    }

    /** Sorted, so that task assignment is deterministic. */
    public List<Container> discover() {
        List<Container> out = new ArrayList<>();
        for (String db : schema.databases()) {
            if (!scope.database(db)) {
                continue;
            }
            List<String> policies = new ArrayList<>();
            for (String rp : schema.retentionPolicies(db)) {
                if (scope.retentionPolicy(rp)) {
                    policies.add(rp);
                }
            }
            List<String> measurements = new ArrayList<>();
            for (String m : schema.measurements(db)) {
                if (scope.measurement(m)) {
                    measurements.add(m);
                }
            }
            for (String rp : policies) {
                for (String m : measurements) {
                    out.add(new Container(db, rp, m));
                }
            }
            LOG.debug("database '{}': {} retention policies x {} measurements in scope", db, policies.size(),
                    measurements.size());
        }
        Collections.sort(out);
        return out;
    }
}
