package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Invariants of the report's text escaping and chart drawing over generated inputs. */
class ReportProperties {

  /** Markup characters, quotes, controls, lone and paired surrogates, non-characters and plain text. */
  @Provide
  Arbitrary<String> awkwardText() {
    Arbitrary<String> pieces = Arbitraries.oneOf(
        Arbitraries.of("<", ">", "&", "\"", "'", "&amp;", "]]>", "<script>", "\r", "\n", "\t", "\u0000", "\u0007", "\u001b",
            "\uD800", "\uDC00", "\uD83D\uDE00", "\uFFFE", "\uFFFF", "é", "–", "\u00a0"),
        Arbitraries.strings().alpha().numeric().ofMaxLength(5));
    return pieces.list().ofMaxSize(12).map(list -> String.join("", list));
  }

  /** Any text survives escaping: parsed back, the page holds the text, with what XML cannot hold as U+FFFD. */
  @Property(tries = 500)
  void escape_anyText_parsesBackToTheSameText(@ForAll("awkwardText") String text) {
    String escaped = ReportFormat.escape(text);
    Document doc = ReportPages.parseHtml("<p title=\"" + escaped + "\">" + escaped + "</p>");
    String expected = xmlChars(text);
    assertEquals(expected, doc.getDocumentElement().getTextContent());
    // Attribute values: an XML parser turns a literal tab or line feed into a space (the browser keeps them).
    assertEquals(expected.replace('\t', ' ').replace('\n', ' '), doc.getDocumentElement().getAttribute("title"));
  }

  /** Every point of every series is drawn, inside the plot area, whatever the values' range. */
  @Property(tries = 200)
  void render_anyFiniteSeries_drawsEveryPointInsideThePlot(
      @ForAll @Size(min = 1, max = 3) List<@Size(min = 1, max = 40) List<@DoubleRange(min = -1e9, max = 1e9) Double>> xs,
      @ForAll @IntRange(min = -6, max = 6) int yScale,
      @ForAll("awkwardText") String title) {
    List<ReportSeries> series = new ArrayList<>();
    for (int s = 0; s < xs.size(); s++) {
      List<Double> x = xs.get(s);
      List<Double> y = new ArrayList<>();
      for (int i = 0; i < x.size(); i++) {
        y.add(Math.sin(i + s) * Math.pow(10, yScale));
      }
      ReportSeries.Mark mark = ReportSeries.Mark.values()[s % 3];
      series.add(new ReportSeries("series " + s + " " + title, mark, x, y));
    }
    ReportChart chart = new ReportChart(title.isBlank() ? "chart" : title, title, title, series);
    Document doc = ReportPages.parseHtml(ReportSvg.render(chart, "chart-1"));
    List<Element> drawn = ReportPages.select(doc, "//*[contains(@class, 'series')]");
    assertEquals(series.size(), drawn.size());
    for (int s = 0; s < series.size(); s++) {
      assertEquals(series.get(s).size(), ReportPages.drawnPoints(drawn.get(s)));
    }
    for (Element c : ReportPages.select(doc, "//*[@class='marks']//circle")) {
      assertInside(Double.parseDouble(c.getAttribute("cx")), Double.parseDouble(c.getAttribute("cy")));
    }
    for (Element line : ReportPages.select(doc, "//*[@class='marks']/polyline")) {
      for (String xy : line.getAttribute("points").split(" ")) {
        String[] parts = xy.split(",");
        assertInside(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
      }
    }
  }

  /** An axis covers its data with whole ticks, between 2 and 12 of them, each labelled differently. */
  @Property(tries = 1000)
  void axis_anyRange_coversTheDataWithFewDistinctTicks(
      @ForAll @DoubleRange(min = -1e12, max = 1e12) double a, @ForAll @DoubleRange(min = 0, max = 1e6) double width,
      @ForAll @IntRange(min = -9, max = 0) int widthScale) {
    double min = a;
    double max = a + width * Math.pow(10, widthScale);
    ReportSvg.Axis axis = ReportSvg.Axis.of(min, max);
    assertTrue(axis.lo() <= min && axis.hi() >= max, () -> axis + " does not cover [" + min + ", " + max + "]");
    List<Double> ticks = axis.ticks();
    assertTrue(ticks.size() >= 2 && ticks.size() <= 12, () -> ticks.size() + " ticks: " + ticks);
    List<String> labels = ticks.stream().map(axis::label).toList();
    if (axis.step() >= Math.ulp(Math.max(Math.abs(axis.lo()), Math.abs(axis.hi()))) * 1e3) {
      assertEquals(labels.size(), labels.stream().distinct().count(), () -> "repeated tick labels " + labels);
    }
  }

  private static void assertInside(double x, double y) {
    assertTrue(x >= ReportSvg.LEFT - 0.01 && x <= ReportSvg.RIGHT + 0.01 && y >= ReportSvg.TOP - 0.01 && y <= ReportSvg.BOTTOM + 0.01,
        () -> "point (" + x + ", " + y + ") outside the plot area");
  }

  /** The text with every character XML 1.0 cannot hold replaced by U+FFFD (per code point; a lone surrogate is one). */
  private static String xmlChars(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(cp -> {
      boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
          || cp >= 0x10000;
      out.appendCodePoint(allowed ? cp : 0xFFFD);
    });
    return out.toString();
  }
}
