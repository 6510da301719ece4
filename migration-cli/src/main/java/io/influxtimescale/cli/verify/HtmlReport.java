package io.influxtimescale.cli.verify;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.source.plan.TimeFormat;

/**
 * {@code itc verify --html}: one self-contained page (no network, no external script) for people who would rather
 * look than read. Per container: buckets compared, matching and differing, and a chart of the field values per
 * bucket start in InfluxDB and in TimescaleDB (a gap between the two lines is where data is missing). The numbers
 * are in the page's tables; the charts are drawn by the page's own script from the data embedded in it, and that
 * script writes what it drew into each chart's caption (so a headless browser's DOM shows that it ran).
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    public static String render(VerifyReport report, String title, Instant generated) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;")
                .append("text-align:right}td.name,th.name{text-align:left}.MATCH{color:#070}.DIFFERS{color:#b00}")
                .append("section{margin:2em 0}svg{border:1px solid #ddd;background:#fcfcfc}")
                .append(".influx{stroke:#1f77b4}.timescale{stroke:#ff7f0e;stroke-dasharray:6 3}")
                .append("figcaption{font-size:.9em;color:#555}\n</style></head>\n<body>\n");
        String verdict = report.matches() ? "MATCH" : "DIFFERS";
        h.append("<h1>").append(escape(title)).append("</h1>\n")
                .append("<p id=\"verdict\" class=\"").append(verdict).append("\"><strong>").append(verdict)
                .append("</strong>: <span id=\"containers\">").append(report.containers())
                .append("</span> containers, <span id=\"buckets\">").append(report.bucketsCompared())
                .append("</span> buckets, <span id=\"values\">").append(report.valuesCompared())
                .append("</span> field values compared, <span id=\"mismatches\">").append(report.mismatches().size())
                .append("</span> mismatches. Generated ").append(escape(generated.toString())).append(".</p>\n");
        h.append("<table id=\"summary\"><tr><th class=\"name\">database</th><th class=\"name\">retention policy</th>")
                .append("<th class=\"name\">measurement</th><th>buckets</th><th>matching</th><th>differing</th>")
                .append("<th>InfluxDB values</th><th>TimescaleDB values</th></tr>\n");
        int i = 0;
        for (ContainerResult c : report.perContainer()) {
            long influx = c.timeline().values().stream().mapToLong(ContainerResult.Counts::influx).sum();
            long timescale = c.timeline().values().stream().mapToLong(ContainerResult.Counts::timescale).sum();
            h.append("<tr id=\"c").append(i).append("\"><td class=\"name\">")
                    .append(escape(c.container().database())).append("</td><td class=\"name\">")
                    .append(escape(c.container().retentionPolicy())).append("</td><td class=\"name\">")
                    .append(escape(c.container().measurement())).append("</td><td class=\"buckets\">")
                    .append(c.buckets()).append("</td><td class=\"matching\">").append(c.matching())
                    .append("</td><td class=\"differing\">").append(c.differing())
                    .append("</td><td class=\"influx-values\">").append(influx)
                    .append("</td><td class=\"timescale-values\">").append(timescale).append("</td></tr>\n");
            i++;
        }
        h.append("</table>\n");
        i = 0;
        for (ContainerResult c : report.perContainer()) {
            h.append("<section><h2>").append(escape(c.container().toString())).append("</h2>\n")
                    .append("<figure><svg class=\"chart\" data-index=\"").append(i)
                    .append("\" width=\"720\" height=\"220\" role=\"img\"></svg><figcaption id=\"caption-")
                    .append(i).append("\">field values per bucket: InfluxDB (solid), TimescaleDB (dashed)")
                    .append("</figcaption></figure></section>\n");
            i++;
        }
        if (!report.mismatches().isEmpty()) {
            h.append("<h2>Mismatched buckets</h2>\n<table id=\"mismatch-list\"><tr><th class=\"name\">container")
                    .append("</th><th class=\"name\">series</th><th class=\"name\">field</th><th class=\"name\">")
                    .append("bucket start</th><th class=\"name\">InfluxDB</th><th class=\"name\">TimescaleDB</th>")
                    .append("<th class=\"name\">points that differ</th></tr>\n");
            for (Mismatch m : report.mismatches()) {
                h.append("<tr><td class=\"name\">").append(escape(m.container().toString()))
                        .append("</td><td class=\"name\">").append(escape(m.key().tags().toString()))
                        .append("</td><td class=\"name\">").append(escape(m.key().field()))
                        .append("</td><td class=\"name\">").append(escape(TimeFormat.format(m.key().bucketStartNs())))
                        .append("</td><td class=\"name\">").append(escape(String.valueOf(m.influx())))
                        .append("</td><td class=\"name\">").append(escape(String.valueOf(m.timescale())))
                        .append("</td><td class=\"name points\">");
                for (int k = 0; k < m.points().size(); k++) {
                    h.append(k == 0 ? "" : "<br>").append(escape(m.points().get(k)));
                }
                h.append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        for (String note : report.notes()) {
            h.append("<p class=\"note\">note: ").append(escape(note)).append("</p>\n");
        }
        h.append("<script type=\"application/json\" id=\"data\">").append(data(report)).append("</script>\n")
                .append("<script>\n").append(CHART_SCRIPT).append("</script>\n</body></html>\n");
        return h.toString();
    }

    /** The timelines as JSON, safe inside a script element. */
    private static String data(VerifyReport report) {
        ArrayNode root = ConnectRestClient.json().createArrayNode();
        for (ContainerResult c : report.perContainer()) {
            ArrayNode points = root.addArray();
            for (Map.Entry<Long, ContainerResult.Counts> e : c.timeline().entrySet()) {
                ObjectNode p = points.addObject();
                p.put("t", TimeFormat.format(e.getKey()));
                p.put("i", e.getValue().influx());
                p.put("s", e.getValue().timescale());
            }
        }
        try {
            return ConnectRestClient.json().writeValueAsString(root).replace("<", "\\u003c")
                    .replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Draws each chart from the embedded data and writes into its caption what it drew. */
    private static final String CHART_SCRIPT = String.join("\n",
            "(function () {",
            "  var data = JSON.parse(document.getElementById('data').textContent);",
            "  var NS = 'http://www.w3.org/2000/svg';",
            "  function el(name, attrs, parent) {",
            "    var e = document.createElementNS(NS, name);",
            "    for (var k in attrs) { e.setAttribute(k, attrs[k]); }",
            "    parent.appendChild(e); return e;",
            "  }",
            "  document.querySelectorAll('svg.chart').forEach(function (svg) {",
            "    var i = Number(svg.getAttribute('data-index')), pts = data[i];",
            "    var w = 720, h = 220, left = 60, bottom = 30, top = 10, right = 10;",
            "    var max = 1, sumI = 0, sumS = 0;",
            "    pts.forEach(function (p) { max = Math.max(max, p.i, p.s); sumI += p.i; sumS += p.s; });",
            "    function x(k) { return left + (pts.length < 2 ? (w - left - right) / 2",
            "        : k * (w - left - right) / (pts.length - 1)); }",
            "    function y(v) { return h - bottom - v * (h - bottom - top) / max; }",
            "    el('line', {x1: left, y1: h - bottom, x2: w - right, y2: h - bottom, stroke: '#999'}, svg);",
            "    el('line', {x1: left, y1: top, x2: left, y2: h - bottom, stroke: '#999'}, svg);",
            "    el('text', {x: left - 5, y: top + 10, 'text-anchor': 'end', 'font-size': 11}, svg).textContent = max;",
            "    el('text', {x: left - 5, y: h - bottom, 'text-anchor': 'end', 'font-size': 11}, svg).textContent = 0;",
            "    if (pts.length) {",
            "      el('text', {x: left, y: h - 8, 'font-size': 11}, svg).textContent = pts[0].t;",
            "      el('text', {x: w - right, y: h - 8, 'text-anchor': 'end', 'font-size': 11}, svg).textContent =",
            "          pts[pts.length - 1].t;",
            "    }",
            "    ['i', 's'].forEach(function (side) {",
            "      var line = pts.map(function (p, k) { return x(k) + ',' + y(p[side]); }).join(' ');",
            "      el('polyline', {points: line, fill: 'none', 'stroke-width': 2,",
            "          'class': side === 'i' ? 'influx' : 'timescale'}, svg);",
            "    });",
            "    var caption = document.getElementById('caption-' + i);",
            "    caption.setAttribute('data-drawn', 'true');",
            "    caption.textContent = 'drawn: ' + pts.length + ' buckets, InfluxDB ' + sumI + ' field values '",
            "        + '(solid), TimescaleDB ' + sumS + ' (dashed), largest bucket ' + max;",
            "  });",
            "})();",
            "");

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
