package io.influxtimescale.cli.plan;

/**
 * One thing wrong with a plan file: where (the key's path and line, 0 when unknown), what, and how to fix it.
 *
 * @param field the key's path, e.g. {@code source.window} or {@code containers[3].migrate}
 */
public record PlanProblem(String field, int line, String message, String fix) {
    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ", " : "") + field + ": " + message + (fix.isEmpty() ? "" : "; fix: "
                + fix);
    }
}
