package io.influxtimescale.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

import io.influxtimescale.source.discovery.Container;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    @Test
    void namesAreEscapedInTheMarkupAndInTheEmbeddedData() {
        TreeMap<Long, ContainerResult.Counts> timeline = new TreeMap<>();
        timeline.put(0L, new ContainerResult.Counts(3, 2));
        timeline.put(3_600_000_000_000L, new ContainerResult.Counts(4, 4));
        ContainerResult c = new ContainerResult(new Container("db", "autogen", "</script><b>x&y"), 2, 1, 1,
                timeline);
        VerifyReport report = new VerifyReport(1, 2, 7, List.of(), List.of("a <note>"), List.of(c));

        String html = HtmlReport.render(report, "t", Instant.EPOCH);

        assertThat(html).contains("&lt;/script&gt;&lt;b&gt;x&amp;y").doesNotContain("</script><b>")
                .contains("<td class=\"influx-values\">7</td><td class=\"timescale-values\">6</td>")
                .contains("<td class=\"matching\">1</td><td class=\"differing\">1</td>")
                .contains("note: a &lt;note&gt;")
                .contains("{\"t\":\"1970-01-01T00:00:00Z\",\"i\":3,\"s\":2}");
        // one script element of data and one of code, nothing else can close them
        assertThat(html.split("</script>", -1)).hasSize(3);
    }
}
