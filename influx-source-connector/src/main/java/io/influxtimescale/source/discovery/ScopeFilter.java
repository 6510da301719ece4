package io.influxtimescale.source.discovery;

import java.util.List;
import java.util.regex.Pattern;

import io.influxtimescale.source.config.InfluxSourceConfig;

/** Which databases, retention policies and measurements are in scope: include patterns minus exclude patterns. */
public final class ScopeFilter {
    private final List<Pattern> dbInclude;
    private final List<Pattern> dbExclude;
    private final List<Pattern> rpInclude;
    private final List<Pattern> mInclude;
    private final List<Pattern> mExclude;

    public ScopeFilter(InfluxSourceConfig config) {
        this(config.databasesInclude(), config.databasesExclude(), config.retentionPoliciesInclude(),
                config.measurementsInclude(), config.measurementsExclude());
    }

    public ScopeFilter(List<Pattern> dbInclude, List<Pattern> dbExclude, List<Pattern> rpInclude,
                       List<Pattern> mInclude, List<Pattern> mExclude) {
        this.dbInclude = dbInclude;
        this.dbExclude = dbExclude;
        this.rpInclude = rpInclude;
        this.mInclude = mInclude;
        this.mExclude = mExclude;
    }

    public boolean database(String name) {
        return any(dbInclude, name) && !any(dbExclude, name);
    }

    public boolean retentionPolicy(String name) {
        return any(rpInclude, name);
    }

    public boolean measurement(String name) {
        return any(mInclude, name) && !any(mExclude, name);
    }

    private static boolean any(List<Pattern> patterns, String name) {
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }
}
