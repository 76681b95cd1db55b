package org.mlengine.features;

import org.mlengine.runtime.internal.RuntimeAccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.mlengine.runtime.internal.steps.BuiltInSteps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.spi.EventTransform;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.History;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.core.KernelHarness;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.spi.RowBuffer;
import org.mlengine.runtime.internal.RowScorer;
import org.mlengine.runtime.Schema;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.spi.TransformCodec;
import org.mlengine.core.Trainers;

/** The window step's definition, names, event sources, refusals, codec and bundle round trip. */
class WindowTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant DAY0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final double NA = Double.NaN;

  private static Instant day(int d) {
    return DAY0.plus(Duration.ofDays(d));
  }

  /** Store a sells 1..9 then 100 on days 0..9; store b sells 10 a day on days 0..4. */
  private static Table sales() {
    Table.Builder b = Table.builder();
    String[] store = new String[15];
    Instant[] date = new Instant[15];
    double[] sales = new double[15];
    for (int d = 0; d < 10; d++) {
      store[d] = "a";
      date[d] = day(d);
      sales[d] = d == 9 ? 100 : d + 1;
    }
    for (int d = 0; d < 5; d++) {
      store[10 + d] = "b";
      date[10 + d] = day(d);
      sales[10 + d] = 10;
    }
    return b.categorical("store", store).timestamp("date", date).numeric("sales", sales).numeric("y", sales).build();
  }

  private static EventTransform fit(Window w, Table table) {
    return w.fit(FitContext.of(table, "y", Split.timeOrdered("date", 0.8), 1));
  }

  private static final Window GOLDEN_WINDOW = Features.window("sales").by("store").orderedBy("date").over(Duration.ofDays(7))
      .gap(Duration.ofDays(1)).minObservations(2).prefix("s").count().sum().mean().median().std().std(0).min().max().growth()
      .slope(Duration.ofDays(1)).outlierCount().lag(2);

  // ---- names and sources ----

  @Test
  void outputColumns_areNamedByPrefixStatisticWindowAndGap() {
    Table out = fit(GOLDEN_WINDOW, sales()).apply(sales());
    assertEquals(List.of("store", "date", "sales", "y", "s_count_7d_gap1d", "s_sum_7d_gap1d", "s_mean_7d_gap1d",
        "s_median_7d_gap1d", "s_std_7d_gap1d", "s_std_pop_7d_gap1d", "s_min_7d_gap1d", "s_max_7d_gap1d", "s_growth_7d_gap1d",
        "s_slope_per_1d_7d_gap1d", "s_outliers_7d_gap1d", "s_lag2_gap1d"), out.columnNames());
    Table rows = fit(Features.window("sales").orderedBy("date").last(3).std().lag(1), sales()).apply(sales());
    assertTrue(rows.columnNames().containsAll(List.of("sales_std_3rows", "sales_lag1")));
    Table all = fit(Features.window("sales").orderedBy("date").expanding().mean(), sales()).apply(sales());
    assertTrue(all.hasColumn("sales_mean_all"));
  }

  @Test
  void goldenWindow_lastRowOfStoreA_readsDaysOneToSevenOnly() {
    Table out = fit(GOLDEN_WINDOW, sales()).apply(sales());
    // day 9: cutoff day 8 (gap 1 day), window [day 1, day 8): values 2..8; the 100 of day 9 is its own row
    double[] expected = {7, 35, 5, 5, Math.sqrt(28.0 / 6), 2, 2, 8, 3, 1, 0, 7};
    List<String> names = out.columnNames().subList(4, 16);
    for (int s = 0; s < expected.length; s++) {
      assertEquals(expected[s], out.numeric(names.get(s), 9), names.get(s));
    }
    // store b's rows never see store a: day 4 of b reads days 0..2 of b (10, 10, 10)
    assertEquals(3.0, out.numeric("s_count_7d_gap1d", 14));
    assertEquals(0.0, out.numeric("s_std_7d_gap1d", 14));
    assertEquals(NA, out.numeric("s_slope_per_1d_7d_gap1d", 11)); // one value: no slope
  }

  @Test
  void sources_sayWhatAHistoryMustKeep() {
    EventSource duration = fit(Features.window("sales").by("store").orderedBy("date").over(Duration.ofDays(7))
        .gap(Duration.ofDays(1)).mean(), sales()).sources().get(0);
    assertEquals("rows by store, ordered by date: sales NUMERIC; PT192H back", duration.toString());
    EventSource rows = fit(Features.window("sales").orderedBy("date").last(3).mean().lag(5), sales()).sources().get(0);
    assertEquals(new EventSource(History.ROWS, Optional.empty(), "date", rows.values(), Optional.empty(), 5), rows);
    EventSource gapped = fit(Features.window("sales").orderedBy("date").last(3).gap(Duration.ofHours(1)).mean(), sales())
        .sources().get(0);
    assertEquals(0, gapped.depth());
    EventSource lagged = fit(Features.window("sales").orderedBy("date").over(Duration.ofDays(7)).mean().lag(1), sales())
        .sources().get(0);
    assertEquals(Optional.of(Duration.ofDays(7)), lagged.horizon(), "every event of the last 7 days");
    assertEquals(1, lagged.depth(), "and the latest event, which a lag reads however old");
    EventSource laggedWithGap = fit(Features.window("sales").orderedBy("date").over(Duration.ofDays(7)).gap(Duration.ofDays(1))
        .mean().lag(1), sales()).sources().get(0);
    assertEquals(Optional.empty(), laggedWithGap.horizon(), "a lag behind a gap may reach any event");
    assertEquals(0, laggedWithGap.depth());
  }

  @Test
  void valueColumn_isAPastColumnNotARequestColumn() {
    Window w = Features.window("y").by("store").orderedBy("date").last(2).mean();
    assertEquals(List.of("store", "date"), w.columns());
    EventTransform t = fit(w, sales());
    assertEquals(List.of("y"), t.pastColumns());
    assertEquals(List.of("store", "date"), t.inputColumns());
  }

  // ---- refusals ----

  @Test
  void check_reportsEveryProblemWithItsFix() {
    Table t = sales();
    assertEquals(List.of("Features.window(\"sales\") has no time column; add .orderedBy(\"date\") with the TIMESTAMP column that"
        + " orders the rows", "Features.window(\"sales\") computes no statistic; add one or more of .count(), .sum(), .mean(),"
        + " .median(), .std(), .min(), .max(), .growth(), .slope(Duration.ofDays(1)), .outlierCount(), .lag(1)"),
        Fixtures.problems(Features.window("sales"), t));
    assertEquals(List.of("Features.window(\"sales\") computes [mean] but has no window; add .last(7) (rows),"
        + " .over(Duration.ofDays(7)) or .expanding()"), Fixtures.problems(Features.window("sales").orderedBy("date").mean(), t));
    assertEquals(List.of("window reads column 'ridership', which is not in the table; the table has [store, date, sales, y]."
        + " Check the spelling."), Fixtures.problems(Features.window("ridership").orderedBy("date").last(2).mean(), t));
    assertEquals(List.of("column 'store' is CATEGORICAL; window needs NUMERIC. Declare it with CsvOptions.numeric(\"store\")"
        + " or drop it.", "column 'sales' is NUMERIC; window needs TIMESTAMP. Declare it with CsvOptions.timestamp(\"sales\")"
        + " or drop it."), Fixtures.problems(Features.window("store").orderedBy("sales").last(2).mean(), t));
    assertEquals(List.of("Features.window(\"sales\") uses column 'date' twice; the value, entity (by) and time (orderedBy)"
        + " columns must differ", "column 'date' is TIMESTAMP; window needs CATEGORICAL. Declare it with"
        + " CsvOptions.categorical(\"date\") or drop it."),
        Fixtures.problems(Features.window("sales").by("date").orderedBy("date").last(2).mean(), t));
    assertEquals(List.of("Features.window(\"sales\") needs 5 observations in a window of 3 rows, so every value would be"
        + " missing; lower .minObservations(...) to at most 3"),
        Fixtures.problems(Features.window("sales").orderedBy("date").last(3).minObservations(5).mean(), t));
    assertEquals(List.of("window writes column 'sales_mean_2rows', which the table already has; rename that column or give the"
        + " window another .prefix(...)"), Fixtures.problems(Features.window("sales").orderedBy("date").last(2).mean(),
        t.withNumeric("sales_mean_2rows", new double[15])));
  }

  @Test
  void options_refuseBadArgumentsSayingWhatToGive() {
    Window w = Features.window("sales").orderedBy("date");
    assertEquals("last(0) needs at least one row; e.g. last(7) for the seven rows before each row",
        assertThrows(IllegalArgumentException.class, () -> w.last(0)).getMessage());
    assertEquals("Features.window(\"sales\") already has a window (last 3 rows); expanding() would replace it. Choose one of"
        + " last(rows), over(duration) and expanding(), or make a second window step",
        assertThrows(IllegalArgumentException.class, () -> w.last(3).expanding()).getMessage());
    assertEquals("Features.window(\"sales\") already computes mean; request each statistic once",
        assertThrows(IllegalArgumentException.class, () -> w.mean().mean()).getMessage());
    assertEquals("std(2) takes ddof 1 (sample, pandas' default) or 0 (population, numpy's default)",
        assertThrows(IllegalArgumentException.class, () -> w.std(2)).getMessage());
    assertEquals("lag(0) needs k >= 1: lag(1) is the latest event before the row's cutoff",
        assertThrows(IllegalArgumentException.class, () -> w.lag(0)).getMessage());
    assertEquals("over(PT0S) needs a positive duration, e.g. over(Duration.ofDays(7))",
        assertThrows(IllegalArgumentException.class, () -> w.over(Duration.ZERO)).getMessage());
    assertEquals("gap(PT-1H) needs a duration of zero or more, e.g. gap(Duration.ofDays(7))",
        assertThrows(IllegalArgumentException.class, () -> w.gap(Duration.ofHours(-1))).getMessage());
    assertEquals("slope(PT0.0000015S) is not a whole number of milliseconds, the resolution of TIMESTAMP columns; round it,"
        + " e.g. slope(Duration.ofMillis(1))",
        assertThrows(IllegalArgumentException.class, () -> w.slope(Duration.ofNanos(1500))).getMessage());
    assertEquals("minObservations(0) must be at least 1; count() already gives 0 for an empty window",
        assertThrows(IllegalArgumentException.class, () -> w.minObservations(0)).getMessage());
    assertEquals("Features.window(...) got an empty column name; give the NUMERIC column the statistics are computed over, e.g."
        + " Features.window(\"ridership\")", assertThrows(IllegalArgumentException.class, () -> Features.window("")).getMessage());
  }

  @Test
  void apply_rowWithoutTimeOrEntityOrWithAnInfiniteValue_isRefusedNamingColumnAndRow() {
    EventTransform t = fit(Features.window("sales").by("store").orderedBy("date").last(2).mean(), sales());
    Table noTime = Table.builder().categorical("store", "a", "a").timestamp("date", DAY0, null).numeric("sales", 1, 2).build();
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> t.apply(noTime));
    assertEquals("date", e.column());
    assertEquals("window over 'sales' needs the time of every row, but column 'date' is missing at row 1; give each row the"
        + " instant it happened, or drop the rows without one", e.getMessage());
    Table noStore = Table.builder().categorical("store", "a", null).timestamp("date", DAY0, day(1)).numeric("sales", 1, 2).build();
    e = assertThrows(InvalidInputException.class, () -> t.apply(noStore));
    assertEquals("store", e.column());
    assertEquals("window over 'sales' needs the entity of every row, but column 'store' is missing at row 1; give each row its"
        + " entity, or drop the rows without one", e.getMessage());
    Table infinite = Table.builder().categorical("store", "a", "a").timestamp("date", DAY0, day(1))
        .numeric("sales", 1, Double.NEGATIVE_INFINITY).build();
    e = assertThrows(InvalidInputException.class, () -> t.apply(infinite));
    assertEquals("sales", e.column());
    assertEquals("window over 'sales' got -Infinity at row 1 of column 'sales'; window statistics need finite values. Give NaN or"
        + " null where the value is missing.", e.getMessage());
    History history = History.inMemory(Retention.unbounded(), t.sources());
    e = assertThrows(InvalidInputException.class, () -> t.apply(noStore.select("store", "date"), history));
    assertEquals("store", e.column());
  }

  @Test
  void apply_missingOrMistypedColumn_isRefusedSayingWhatToSend() {
    EventTransform t = fit(Features.window("sales").by("store").orderedBy("date").last(2).mean(), sales());
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> t.apply(sales().drop("sales")));
    assertEquals("window reads column 'sales', which is not in the input; the input has [store, date, y]. Add the column, with"
        + " a missing value (NaN or null) where the value is unknown.", e.getMessage());
    Table textTime = Table.builder().categorical("store", "a").categorical("date", "monday").numeric("sales", 1).build();
    e = assertThrows(InvalidInputException.class, () -> t.apply(textTime));
    assertEquals("column 'date' is CATEGORICAL; window expects TIMESTAMP. Send instants in it (java.time.Instant), with null for"
        + " a missing value.", e.getMessage());
  }

  @Test
  void rowKernel_withoutAHistory_saysHowToAttachOne() {
    EventTransform t = fit(Features.window("sales").by("store").orderedBy("date").last(2).mean(), sales());
    KernelHarness kernel = KernelHarness.compile(sales().select("store", "date").schema(), t);
    kernel.buffer().setNumber(kernel.number("date"), DAY0.toEpochMilli());
    kernel.buffer().setString(kernel.string("store"), "a");
    IllegalStateException e = assertThrows(IllegalStateException.class, kernel::run);
    assertEquals("the window over 'sales' reads each request's past from a History, and none is attached to this row buffer;"
        + " use predictor.withHistory(predictor.newHistory(Retention.unbounded())) or RowBuffer.setHistory(history), and append"
        + " the events to the history as they happen", e.getMessage());
    kernel.buffer().setHistory(History.inMemory(Retention.unbounded(), t.sources()));
    kernel.buffer().setNumber(kernel.number("date"), Double.NaN);
    InvalidInputException missing = assertThrows(InvalidInputException.class, kernel::run);
    assertEquals("date", missing.column());
  }

  // ---- codec ----

  private static TransformCodec codec() {
    for (TransformCodec c : BuiltInSteps.codecs()) {
      if (c.tag().equals("window")) {
        return c;
      }
    }
    throw new AssertionError("no codec with tag 'window' on the class path");
  }

  private static JsonNode golden() throws IOException {
    try (InputStream in = WindowTest.class.getResourceAsStream("window-v1.json")) {
      return JSON.readTree(in);
    }
  }

  @Test
  void codec_writesTheGoldenFormat_andReadsItBackToTheSameValues() throws IOException {
    EventTransform fitted = fit(GOLDEN_WINDOW, sales());
    assertEquals(golden(), JSON.readTree(JSON.writeValueAsString(codec().write(fitted))));
    FittedTransform read = codec().read(golden());
    assertEquals(fitted, read);
    Fixtures.assertSameTable(fitted.apply(sales()), read.apply(sales()));
  }

  @Test
  void codec_badState_namesTheField() throws IOException {
    com.fasterxml.jackson.databind.node.ObjectNode bad = golden().deepCopy();
    bad.put("span", "weekly");
    assertEquals("window state field 'span' is 'weekly'; expected one of [rows, duration, expanding, none]",
        assertThrows(IllegalArgumentException.class, () -> codec().read(bad)).getMessage());
    com.fasterxml.jackson.databind.node.ObjectNode lag = golden().deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) lag.get("statistics").get(11)).put("parameter", 0);
    assertEquals("window state is inconsistent: lag is 0; it must be at least 1",
        assertThrows(IllegalArgumentException.class, () -> codec().read(lag)).getMessage());
    com.fasterxml.jackson.databind.node.ObjectNode size = golden().deepCopy();
    size.put("size", 1.5);
    assertEquals("window state field 'size' must be a whole number, found NUMBER 1.5",
        assertThrows(IllegalArgumentException.class, () -> codec().read(size)).getMessage());
  }

  // ---- in a pipeline, through a bundle ----

  @Test
  void pipeline_savedAndLoaded_servesFromAHistoryTheValuesItTrainedOn(@TempDir Path dir) throws IOException {
    Table table = sales();
    PipelineResult result = Pipeline.builder()
        .target("y")
        .split(Split.timeOrdered("date", 0.7))
        .add(Features.window("y").by("store").orderedBy("date").last(3).minObservations(1).mean().max().lag(1))
        .add(Features.impute("y_mean_3rows", "y_max_3rows", "y_lag1"))
        .add(Features.oneHot("store"))
        .add(Features.calendar(ZoneOffset.UTC, "date").parts(Features.CalendarPart.DAY_OF_WEEK))
        .trainer(Trainers.linearSgd())
        .seed(5)
        .build()
        .fit(table.drop("sales"));
    Path file = dir.resolve("window.mlb");
    result.bundle().save(file);
    FittedPipeline loaded = ModelBundle.load(file).pipeline();
    assertEquals(result.pipeline().eventSources(), loaded.eventSources());

    // the history holds days 0..3; the requests are day 4 of both stores, without their target
    History history = History.inMemory(Retention.unbounded(), loaded.eventSources());
    int[] past = {0, 1, 2, 3, 10, 11, 12, 13};
    history.appendAll(History.ROWS, table.rows(past));
    Table requests = table.rows(new int[] {4, 14}).select("store", "date");
    Table offline = result.pipeline().transform(table.drop("sales")).rows(new int[] {4, 14});
    Fixtures.assertSameTable(offline, loaded.transform(requests, history));

    RowScorer scorer = RuntimeAccess.pipelines().rowScorer(loaded).orElseThrow();
    RowBuffer buffer = scorer.newBuffer();
    buffer.setHistory(history);
    Schema inputs = loaded.inputSchema();
    double[] expected = {loaded.score(requests, history).value(0), loaded.score(requests, history).value(1)};
    for (int r = 0; r < 2; r++) {
      for (int i = 0; i < inputs.columns().size(); i++) {
        String name = inputs.columns().get(i).name();
        if (name.equals("store")) {
          buffer.setString(scorer.inputSlot(i), requests.string(name, r));
        } else {
          buffer.setNumber(scorer.inputSlot(i), requests.timestamp(name, r));
        }
      }
      assertEquals(expected[r], scorer.score(buffer)[0]);
    }
  }
}
