package io.influxtimescale.cli.verify;

import java.util.List;

/**
 * What verify compared and what it found, in total and per container ({@code perContainer}, for the HTML report). It
 * matches when there is no mismatch.
 */
public record VerifyReport(int containers, long bucketsCompared, long valuesCompared, List<Mismatch> mismatches,
                           List<String> notes, List<ContainerResult> perContainer) {
    public boolean matches() {
        return mismatches.isEmpty();
    }

    /** Both reports as one (the same containers compared over two time ranges). */
    public VerifyReport plus(VerifyReport other) {
        List<Mismatch> m = new java.util.ArrayList<>(mismatches);
        m.addAll(other.mismatches);
        List<String> n = new java.util.ArrayList<>(notes);
        n.addAll(other.notes);
        List<ContainerResult> c = new java.util.ArrayList<>(perContainer);
        c.addAll(other.perContainer);
        return new VerifyReport(Math.max(containers, other.containers), bucketsCompared + other.bucketsCompared,
                valuesCompared + other.valuesCompared, m, n, c);
    }
}
