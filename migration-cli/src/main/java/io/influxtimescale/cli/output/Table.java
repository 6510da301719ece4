package io.influxtimescale.cli.output;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table with aligned columns, for people; machines get {@code --json}. A column is as wide as its
 * widest cell up to {@value #MAX_PADDED_WIDTH} characters: a longer cell (a long measurement name) is printed whole
 * and pushes the rest of its own row to the right, instead of padding every other row to its length.
 */
public final class Table {
    static final int MAX_PADDED_WIDTH = 40;

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... header) {
        this.header = List.of(header);
    }

    public Table row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, header " + header.size());
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public String render() {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                int length = row.get(i).length();
                if (length <= MAX_PADDED_WIDTH) {
                    widths[i] = Math.max(widths[i], length);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, widths);
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append("  ");
            }
            line.append(cells.get(i));
            if (i < cells.size() - 1) {
                line.append(" ".repeat(Math.max(0, widths[i] - cells.get(i).length())));
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
