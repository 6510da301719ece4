package io.influxtimescale.cli.verify;

import java.util.List;

/** What verify compared and what it found. It matches when there is no mismatch. */
public record VerifyReport(int containers, long bucketsCompared, long valuesCompared, List<Mismatch> mismatches,
                           List<String> notes) {
    public boolean matches() {
        return mismatches.isEmpty();
    }
}
