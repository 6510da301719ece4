package io.influxtimescale.cli.plan;

import java.util.List;
import java.util.stream.Collectors;

/** A plan file that cannot be deployed, with every problem found. */
public final class PlanException extends RuntimeException {
    private final List<PlanProblem> problems;

    public PlanException(String file, List<PlanProblem> problems) {
        super("plan " + file + " cannot be deployed (nothing was sent):\n" + problems.stream()
                .map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<PlanProblem> problems() {
        return problems;
    }
}
