package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.ReportFiles;
import org.mlengine.core.tuning.TuningResult;

/**
 * Opens reports in a real headless Chromium (Debian's {@code chromium} package): the page's own
 * render-check script measures every chart after layout, and this test compares what was drawn
 * with the JSON twin (points per series, non-empty boxes) and keeps a screenshot of each report
 * under {@code target/report-screenshots/} as a build artifact.
 *
 * <p>Without a browser on the PATH the test is skipped with an assumption that says how to
 * install one, unless {@code MLENGINE_REQUIRE_CHROMIUM=1} (set by {@code .ci/run}) makes a missing
 * browser a failure. {@code MLENGINE_CHROMIUM} may name the browser binary.
 */
class ReportBrowserTest {
  private static final long TIMEOUT_SECONDS = 60;
  private static final Pattern RENDER_CHECK = Pattern.compile("<pre id=\"render-check\"[^>]*>(.*?)</pre>", Pattern.DOTALL);
  private static final Path SCREENSHOTS = Path.of("target", "report-screenshots").toAbsolutePath();

  private static final Optional<String> FOUND = locate();

  private static String chromium;

  @TempDir static Path work;

  /** Each test, not the class, is skipped, so that the build's report lists every skipped test with the reason. */
  @BeforeEach
  void chromiumOrSkip() {
    if (FOUND.isEmpty() && "1".equals(System.getenv("MLENGINE_REQUIRE_CHROMIUM"))) {
      fail("MLENGINE_REQUIRE_CHROMIUM=1 but no Chromium was found (MLENGINE_CHROMIUM=" + System.getenv("MLENGINE_CHROMIUM")
          + ", PATH=" + System.getenv("PATH") + "); install it with `apt-get install -y chromium` (as .ci/run does) or name"
          + " an executable Chromium binary in MLENGINE_CHROMIUM");
    }
    Assumptions.assumeTrue(FOUND.isPresent(), "skipped: no Chromium to open the report in. Install Debian's browser with"
        + " `apt-get install -y chromium` (or name a Chromium binary in MLENGINE_CHROMIUM); CI sets"
        + " MLENGINE_REQUIRE_CHROMIUM=1 so that this test cannot be skipped there");
    chromium = FOUND.get();
  }

  @Test
  void chromium_classificationReport_rendersEveryChartWithTheRocCurvesPoints() throws Exception {
    PipelineResult result = ReportFixtures.classification();
    FairnessReport fairness = Fairness.of(result, ReportFixtures.credit(), "Marital").positive("good").resamples(200).run();
    Report report = Report.of(result).fairness(fairness);
    JsonNode measured = renderAndMeasure(report, "credit-classification");
    JsonNode fairnessChart = measuredChart(measured, ReportPages.section(ReportPages.parseJson(report.toJson()), "Fairness by Marital"));
    assertEquals(fairness.groups().size(), fairnessChart.get("series").get(0).get("points").asInt(), "a selection rate per group");
    Outcomes o = result.testOutcomes();
    int[] y = new int[o.size()];
    int[] truth = o.trueClasses();
    for (int i = 0; i < y.length; i++) {
      y[i] = truth[i];
    }
    RocCurve roc = MetricFunctions.rocCurve(y, o.probabilities(1));
    JsonNode rocChart = measured.get(0);
    assertEquals("model", rocChart.get("series").get(0).get("name").asText());
    assertEquals(roc.fpr().size(), rocChart.get("series").get(0).get("points").asInt(),
        "the browser drew as many ROC points as Metrics.rocCurve has");
    assertCurvesVisible(screenshot(report, "credit-classification"));
  }

  @Test
  void chromium_tunedCreditReport_drawsAPointPerWorstSliceAndPerTrial() throws Exception {
    TuningResult tuned = ReportFixtures.tuned();
    SliceReport slices = ErrorAnalysis.slices(tuned.result(), ReportFixtures.credit()).metric(Metrics.rocAuc()).run();
    Report report = Report.of(tuned.result()).tuning(tuned).slices(slices);
    JsonNode measured = renderAndMeasure(report, "credit-tuned");
    JsonNode twin = ReportPages.parseJson(report.toJson());
    JsonNode slicesChart = measuredChart(measured, ReportPages.section(twin, "Worst slices"));
    assertEquals(List.of("slices", "overall"), names(slicesChart));
    assertEquals(List.of(10, 2), points(slicesChart), "the ten worst slices and the overall line");
    JsonNode trialsChart = measuredChart(measured, ReportPages.section(twin, "Tuning trials"));
    assertEquals(List.of("trials", "chosen"), names(trialsChart));
    assertEquals(List.of(tuned.trials().size(), 1), points(trialsChart), "a point per trial, and the chosen one again");
    assertCurvesVisible(screenshot(report, "credit-tuned", 9000));
  }

  private static JsonNode measuredChart(JsonNode measured, JsonNode section) {
    String id = section.get("chart").get("id").asText();
    for (JsonNode chart : measured) {
      if (chart.get("id").asText().equals(id)) {
        return chart;
      }
    }
    throw new AssertionError("the browser measured no chart " + id + " (section '" + section.get("title").asText() + "')");
  }

  private static List<String> names(JsonNode chart) {
    List<String> out = new ArrayList<>();
    chart.get("series").forEach(s -> out.add(s.get("name").asText()));
    return out;
  }

  private static List<Integer> points(JsonNode chart) {
    List<Integer> out = new ArrayList<>();
    chart.get("series").forEach(s -> out.add(s.get("points").asInt()));
    return out;
  }

  @Test
  void chromium_regressionReport_rendersOneDotPerTestRow() throws Exception {
    PipelineResult result = ReportFixtures.regression();
    Report report = Report.of(result);
    JsonNode measured = renderAndMeasure(report, "credit-regression");
    assertEquals(2, measured.size(), "without slices or trials only the two residual plots have charts");
    for (JsonNode chart : measured) {
      assertEquals(result.testOutcomes().size(), chart.get("series").get(0).get("points").asInt());
    }
    assertCurvesVisible(screenshot(report, "credit-regression"));
  }

  @Test
  void chromium_threeClassesWithAnAddedSection_rendersEveryChart() throws Exception {
    ReportChart chart = new ReportChart("Score by trial", "trial", "validation accuracy",
        List.of(ReportSeries.points("trials", new double[] {1, 2, 3}, new double[] {0.8, 0.83, 0.82})));
    Report report = Report.of(ReportFixtures.threeClasses())
        .section(ReportSection.table("Tuning trials (made up)", List.of("trial", "accuracy"), List.of(List.of(1, 0.8)))
            .withChart(chart));
    JsonNode measured = renderAndMeasure(report, "three-classes");
    JsonNode last = measured.get(measured.size() - 1);
    assertEquals(3, last.get("series").get(0).get("points").asInt());
    assertEquals(4, measured.get(0).get("series").size(), "three one-vs-rest ROC curves and the chance line");
    screenshot(report, "three-classes");
  }

  @Test
  void chromium_monitoringPage_drawsEachColumnsReferenceAndWindow() throws Exception {
    PipelineResult result = ReportFixtures.classification();
    JsonNode window = MonitoringReportTest.recordedWindow(result);
    Report report = Report.of(result).monitoring(window);
    JsonNode measured = renderAndMeasure(report, "credit-monitoring");
    JsonNode twin = ReportPages.parseJson(report.toJson());
    JsonNode income = measuredChart(measured, ReportPages.section(twin, "Monitoring: Income (drifted)"));
    assertEquals(List.of("reference (training)", "window"), names(income));
    assertEquals(List.of(7, 7), points(income), "min, the five quantiles and max, of each");
    JsonNode home = measuredChart(measured, ReportPages.section(twin, "Monitoring: Home"));
    int bins = window.get("columns").get(1).get("shares").size();
    assertEquals(List.of(bins, bins), points(home), "a share per bin, of each");
    assertCurvesVisible(screenshot(report, "credit-monitoring", 12000));
  }

  /**
   * Writes the report, dumps the DOM Chromium built from it, and checks the render-check result
   * against the JSON twin: every chart present, every series drawn with its number of points,
   * every chart's marks covering a non-empty box. Returns the measured charts.
   */
  private static JsonNode renderAndMeasure(Report report, String name) throws Exception {
    ReportFiles files = report.write(work.resolve(name));
    String dom = run(name + "-dom", "--dump-dom", files.html().toUri().toString());
    Matcher m = RENDER_CHECK.matcher(dom);
    assertTrue(m.find(), () -> "no render-check element in the DOM Chromium dumped:\n" + dom.substring(0, Math.min(2000, dom.length())));
    String text = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    assertTrue(!text.isBlank(), "the render-check script did not run (blocked by the content security policy?)");
    JsonNode measured = ReportPages.parseJson(text).get("charts");
    JsonNode twin = ReportPages.parseJson(report.toJson());

    List<JsonNode> expected = new ArrayList<>();
    twin.get("sections").forEach(s -> {
      if (!s.get("chart").isNull()) {
        expected.add(s.get("chart"));
      }
    });
    assertEquals(expected.size(), measured.size(), "charts measured in the browser");
    for (int c = 0; c < expected.size(); c++) {
      JsonNode want = expected.get(c);
      JsonNode got = measured.get(c);
      String id = want.get("id").asText();
      assertEquals(id, got.get("id").asText());
      assertTrue(got.get("width").asDouble() > 0 && got.get("height").asDouble() > 0,
          () -> id + ": the plotted marks cover an empty box " + got);
      assertEquals(want.get("series").size(), got.get("series").size(), id);
      for (int s = 0; s < want.get("series").size(); s++) {
        JsonNode series = want.get("series").get(s);
        JsonNode drawn = got.get("series").get(s);
        assertEquals(series.get("name").asText(), drawn.get("name").asText(), id);
        assertEquals(series.get("points").asInt(), drawn.get("points").asInt(), () -> id + " " + series.get("name") + ": points drawn");
        if (series.get("points").asInt() > 1) {
          assertTrue(drawn.get("width").asDouble() > 0 || drawn.get("height").asDouble() > 0,
              () -> id + " " + series.get("name") + ": drawn into an empty box " + drawn);
        }
      }
    }
    return measured;
  }

  /** Takes a 1280×4000 screenshot of the written report into target/report-screenshots/. */
  private static BufferedImage screenshot(Report report, String name) throws Exception {
    return screenshot(report, name, 4000);
  }

  /** Takes a 1280-wide screenshot of this height of the written report into target/report-screenshots/. */
  private static BufferedImage screenshot(Report report, String name, int height) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Path png = SCREENSHOTS.resolve(name + ".png");
    Files.deleteIfExists(png);
    ReportFiles files = report.write(work.resolve(name));
    run(name + "-screenshot", "--screenshot=" + png, "--window-size=1280," + height, "--hide-scrollbars", files.html().toUri().toString());
    assertTrue(Files.isRegularFile(png), () -> "Chromium wrote no screenshot at " + png);
    byte[] bytes = Files.readAllBytes(png);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(bytes, 8), "a PNG file");
    assertTrue(bytes.length > 20_000, () -> "a " + bytes.length + "-byte screenshot is too small to show a report");
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1280, image.getWidth());
    assertEquals(height, image.getHeight());
    return image;
  }

  /** The screenshot shows the charts: enough pixels in the first series colour (#1f77b4). */
  private static void assertCurvesVisible(BufferedImage image) {
    int blue = 0;
    for (int yy = 0; yy < image.getHeight(); yy += 2) {
      for (int xx = 0; xx < image.getWidth(); xx += 2) {
        int rgb = image.getRGB(xx, yy);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (b > 150 && b - r > 60 && b - g > 20) {
          blue++;
        }
      }
    }
    int counted = blue;
    assertTrue(counted > 200, () -> "only " + counted + " sampled pixels in the curves' colour; the charts did not paint");
  }

  /** Runs Chromium headless on one page, killed after 60 s; returns what it printed to stdout. */
  private static String run(String label, String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(work, "profile");
    List<String> command = new ArrayList<>(List.of(chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
        "--user-data-dir=" + profile));
    command.addAll(Arrays.asList(args));
    File out = work.resolve(label + ".out").toFile();
    File err = work.resolve(label + ".err").toFile();
    Process process = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      fail("Chromium did not finish " + label + " within " + TIMEOUT_SECONDS + " s and was killed; its stderr:\n" + tail(err));
    }
    if (process.exitValue() != 0) {
      fail("Chromium exited with " + process.exitValue() + " on " + label + "; its stderr:\n" + tail(err));
    }
    return Files.readString(out.toPath(), StandardCharsets.UTF_8);
  }

  private static String tail(File file) throws IOException {
    String text = Files.readString(file.toPath(), StandardCharsets.UTF_8);
    return text.substring(Math.max(0, text.length() - 3000));
  }

  private static Optional<String> locate() {
    String named = System.getenv("MLENGINE_CHROMIUM");
    if (named != null && !named.isBlank()) {
      return Files.isExecutable(Path.of(named)) ? Optional.of(named) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate.toString());
        }
      }
    }
    return Optional.empty();
  }
}
