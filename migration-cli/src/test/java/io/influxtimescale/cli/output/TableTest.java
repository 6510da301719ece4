package io.influxtimescale.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void columnsAlignToTheirWidestCell() {
        String out = new Table("DB", "MEASUREMENT", "DONE").row("sample", "cpu", "100%").row("s", "sensor", "5%")
                .render();
        assertEquals("DB      MEASUREMENT  DONE\nsample  cpu          100%\ns       sensor       5%\n", out);
    }

    @Test
    void oneLongNameDoesNotPadEveryOtherRow() {
        String longName = "m".repeat(150);
        String out = new Table("MEASUREMENT", "DONE").row("cpu", "100%").row(longName, "5%").render();
        String[] lines = out.split("\n");
        assertEquals("cpu          100%", lines[1]);
        assertEquals(longName + "  5%", lines[2]);
        assertTrue(lines[0].length() < 30, lines[0]);
    }
}
