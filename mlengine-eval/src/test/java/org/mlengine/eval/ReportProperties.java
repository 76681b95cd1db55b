package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.core.tuning.Trial;
import org.mlengine.core.tuning.Tuner;
import org.mlengine.core.tuning.TuningResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Invariants of the report's text escaping, chart drawing and trials section over generated inputs. */
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

  /**
   * Any trials, some with an undefined mean: the trials table has a row per trial in order, the
   * chart a point per defined mean and the chosen trial once (none when its mean is undefined),
   * and the twin holds every number the page shows.
   */
  @Property(tries = 40)
  void trials_anyMeans_aRowPerTrialAndAPointPerDefinedMean(
      @ForAll @Size(min = 1, max = 25) List<@DoubleRange(min = -1, max = 1) Double> values,
      @ForAll @IntRange(min = 0, max = 24) int winnerDraw,
      @ForAll("awkwardText") String kind) {
    int winner = winnerDraw % values.size();
    List<Trial> trials = new ArrayList<>();
    int defined = 0;
    for (int i = 0; i < values.size(); i++) {
      double mean = values.get(i) < -0.5 ? Double.NaN : values.get(i);
      defined += Double.isNaN(mean) ? 0 : 1;
      int rank = i == winner ? 1 : i < winner ? i + 2 : i + 1;
      trials.add(new Trial(i, 0, Map.of("depth", i, "kind", kind), 100, List.of(mean), mean, 0, Duration.ofMillis(i), rank));
    }
    PipelineResult result = ReportFixtures.threeClasses();
    Pipeline best = Pipeline.builder().target("y").split(Split.stratified(0.7)).trainer(Trainers.logisticRegression()).build();
    TuningResult tuned = new TuningResult("accuracy", new Tuner.Params(trials.get(winner).params()), best, trials, result);
    Report report = Report.of(result).tuning(tuned);
    JsonNode section = ReportPages.section(ReportPages.parseJson(report.toJson()), "Tuning trials");
    JsonNode rows = section.get("table").get("rows");
    assertEquals(trials.size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(i + 1, rows.get(i).get(1).asInt());
      assertEquals(trials.get(i).rank(), rows.get(i).get(0).asInt());
    }
    if (defined == 0) {
      assertTrue(section.get("chart").isNull(), "nothing to draw");
    } else {
      JsonNode series = section.get("chart").get("series");
      assertEquals(defined, series.get(0).get("points").asInt());
      boolean chosen = !Double.isNaN(trials.get(winner).mean());
      assertEquals(chosen ? 2 : 1, series.size());
      if (chosen) {
        assertEquals(winner + 1.0, series.get(1).get("x").get(0).doubleValue(), 0.0);
      }
    }
    ReportTest.assertTwinHoldsEveryShownNumber(report);
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
