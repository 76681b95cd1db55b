package org.mlengine.features;

import org.mlengine.runtime.internal.RuntimeAccess;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.mlengine.core.spi.Extractor;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.runtime.spi.RowBuffer;
import org.mlengine.runtime.internal.RowScorer;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Scores;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.core.Trainer;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.internal.steps.CalendarTransform;

/**
 * The row forms of the steps ({@code FittedTransform.compile}) against their table forms: a
 * pipeline of each step compiles to a {@link RowScorer}, and that scorer gives every held-out row
 * the table path's scores bit for bit, or refuses it with the same exception and message.
 */
class RowKernelProperties {

  /** The columns a generated table offers the steps; the targets are {@code y}, {@code k} and {@code v}. */
  private static final List<String> INPUTS = List.of("Cat", "Num", "Amount", "When");

  private static final List<String> TARGETS = List.of("y", "k", "v");

  /**
   * One generated row: a category (or null; the {@code r*} ones are rare, so often unseen in
   * training), a number (or NaN, often whole, so quantile edges tie), a non-negative amount (or
   * NaN), a time from 1900 to 2100 (or null) and a regression target.
   */
  record Sample(String category, double number, double amount, Instant time, double value) {}

  /**
   * A pipeline to compare: its target, trainer and steps.
   *
   * @param name what the case shows, for reports
   */
  record Case(String name, String target, Trainer trainer, List<Extractor> steps) {
    @Override
    public String toString() {
      return name;
    }
  }

  @Provide
  Arbitrary<List<Sample>> samples() {
    Arbitrary<String> category = Arbitraries
        .of("A", "A", "A", "A", "B", "B", "B", "C", "C", "D", "r1", "r2", "r3", "r4", "r5")
        .injectNull(0.1);
    Arbitrary<Double> number = Arbitraries.oneOf(
            Arbitraries.doubles().between(-50, 50), Arbitraries.integers().between(-3, 3).map(i -> (double) i))
        .injectNull(0.1).map(d -> d == null ? Double.NaN : d);
    Arbitrary<Double> amount = Arbitraries.oneOf(Arbitraries.doubles().between(0, 100), Arbitraries.just(0.0))
        .injectNull(0.1).map(d -> d == null ? Double.NaN : d);
    Arbitrary<Instant> time = Arbitraries.longs().between(-2_208_988_800_000L, 4_102_444_800_000L)
        .map(Instant::ofEpochMilli).injectNull(0.1);
    Arbitrary<Double> value = Arbitraries.doubles().between(-5, 5);
    return Combinators.combine(category, number, amount, time, value).as(Sample::new).list().ofMinSize(12).ofMaxSize(40);
  }

  @Provide
  Arbitrary<Case> cases() {
    return Arbitraries.of(CASES);
  }

  private static final List<Case> CASES = List.of(
      // the steps of this change
      classify("groupRare count, then oneHot",
          Features.groupRare("Cat").minFrequency(3), Features.oneHot("Cat"), Features.impute("Num", "Amount").median()),
      classify("groupRare fraction, then frequencyEncoding",
          Features.groupRare("Cat").minFrequency(0.15), Features.frequencyEncoding("Cat"), Features.impute("Num")),
      classify("weightOfEvidence", Features.weightOfEvidence("Cat"), Features.impute("Num", "Amount")),
      classify("weightOfEvidence regularized, after groupRare",
          Features.groupRare("Cat").minFrequency(2), Features.weightOfEvidence("Cat").regularization(0.3).folds(3)),
      classify("frequencyEncoding shares", Features.frequencyEncoding("Cat"), Features.impute("Amount")),
      regress("frequencyEncoding counts", Features.frequencyEncoding("Cat").counts(), Features.impute("Num")),
      classify("sineCosine", Features.sineCosine("Num", 24), Features.impute("Num_sin", "Num_cos")),
      regress("sineCosine, two of them",
          Features.sineCosine("Num", 7.5), Features.sineCosine("Amount", 100),
          Features.impute("Num_sin", "Num_cos", "Amount_sin", "Amount_cos")),
      calendar("calendar UTC, every part", ZoneOffset.UTC, Features.CalendarPart.values()),
      calendar("calendar Paris, hour and day of week", ZoneId.of("Europe/Paris"),
          Features.CalendarPart.HOUR, Features.CalendarPart.DAY_OF_WEEK),
      calendar("calendar New York, days and year", ZoneId.of("America/New_York"),
          Features.CalendarPart.YEAR, Features.CalendarPart.DAY_OF_MONTH, Features.CalendarPart.DAY_OF_YEAR),
      calendar("calendar +05:30, month and hour", ZoneOffset.ofHoursMinutes(5, 30),
          Features.CalendarPart.MONTH, Features.CalendarPart.HOUR),
      calendar("calendar Lord Howe (half-hour daylight saving)", ZoneId.of("Australia/Lord_Howe"),
          Features.CalendarPart.HOUR, Features.CalendarPart.DAY_OF_YEAR),
      classify("clip between", Features.clip("Num").between(-10, 10), Features.impute("Num", "Amount")),
      regress("clip quantiles", Features.clip("Num", "Amount").quantiles(0.1, 0.9), Features.impute("Num", "Amount")),
      classify("quantileBins 3", Features.quantileBins("Num").bins(3), Features.impute("Num")),
      classify("quantileBins 5 of two", Features.quantileBins("Num", "Amount").bins(5), Features.impute("Num", "Amount")),
      classify("log1p", Features.log1p("Amount"), Features.impute("Amount", "Num")),
      regress("clip, log1p, quantileBins",
          Features.clip("Amount").between(0, 60), Features.log1p("Amount"), Features.quantileBins("Amount").bins(4),
          Features.impute("Amount")),
      classify("minMax", Features.minMax("Num", "Amount"), Features.impute("Num", "Amount")),
      regress("robustScale", Features.robustScale("Num"), Features.impute("Num")),
      // the four older steps
      classify("standardize", Features.standardize("Num", "Amount"), Features.impute("Num", "Amount")),
      classify("impute with indicators, then oneHot",
          Features.impute("Num", "Cat").withIndicator(), Features.oneHot("Cat")),
      classify("oneHot ERROR (unknown categories are refused)",
          Features.oneHot("Cat").onUnknown(Features.Unknown.ERROR), Features.impute("Num")),
      classify("oneHot minFrequency", Features.oneHot("Cat").minFrequency(2), Features.impute("Amount")),
      classify("oneHot sparse", Features.oneHot("Cat").sparse(), Features.impute("Num", "Amount")),
      classify("oneHot sparse ERROR (unknown categories are refused)",
          Features.oneHot("Cat").sparse().onUnknown(Features.Unknown.ERROR), Features.impute("Num")),
      classify("oneHot sparse minFrequency", Features.oneHot("Cat").sparse().minFrequency(2), Features.impute("Amount")),
      new Case("meanEncoding, three classes", "k", Trainers.logisticRegression(),
          List.of(Features.meanEncoding("Cat"), Features.impute("Num"))),
      regress("meanEncoding, regression", Features.meanEncoding("Cat").smoothing(2), Features.impute("Num")));

  private static Case classify(String name, Extractor... steps) {
    return new Case(name, "y", Trainers.logisticRegression(), List.of(steps));
  }

  private static Case regress(String name, Extractor... steps) {
    return new Case(name, "v", Trainers.linearSgd(), List.of(steps));
  }

  /** A calendar step whose outputs are imputed (a missing time gives NaN) and standardized. */
  private static Case calendar(String name, ZoneId zone, Features.CalendarPart... parts) {
    String[] outputs =
        new CalendarTransform(zone, KernelValues.fields(List.of(parts)), List.of("When")).outputColumns("When").toArray(String[]::new);
    return classify(name,
        Features.calendar(zone, "When").parts(parts), Features.impute(outputs), Features.standardize(outputs));
  }

  /** The generated rows as a table; {@code y} alternates and {@code k} cycles, so a random split trains on every class. */
  private static Table table(List<Sample> rows) {
    int n = rows.size();
    String[] y = new String[n];
    String[] k = new String[n];
    for (int r = 0; r < n; r++) {
      y[r] = r % 2 == 0 ? "no" : "yes";
      k[r] = List.of("a", "b", "c").get(r % 3);
    }
    return Table.builder()
        .categorical("Cat", rows.stream().map(Sample::category).toArray(String[]::new))
        .numeric("Num", rows.stream().mapToDouble(Sample::number).toArray())
        .numeric("Amount", rows.stream().mapToDouble(Sample::amount).toArray())
        .timestamp("When", rows.stream().map(Sample::time).toArray(Instant[]::new))
        .categorical("y", y)
        .categorical("k", k)
        .numeric("v", rows.stream().mapToDouble(Sample::value).toArray())
        .build();
  }

  /** The case's pipeline; input columns no step reads, and the other targets, are dropped. */
  private static Pipeline pipeline(Case c, long seed) {
    Set<String> read = new HashSet<>();
    c.steps().forEach(s -> read.addAll(s.columns()));
    List<String> drop = new ArrayList<>();
    INPUTS.stream().filter(col -> !read.contains(col)).forEach(drop::add);
    TARGETS.stream().filter(t -> !t.equals(c.target())).forEach(drop::add);
    return Pipeline.builder()
        .target(c.target())
        .split(Split.random(0.7))
        .add(c.steps().toArray(Extractor[]::new))
        .drop(drop.toArray(String[]::new))
        .trainer(c.trainer())
        .seed(seed)
        .build();
  }

  @Property(tries = 300)
  void rowScorer_onHeldOutRows_equalsTheTablePathBitForBit(
      @ForAll("cases") Case c, @ForAll("samples") List<Sample> samples, @ForAll @IntRange(min = 0, max = 1000) int seed) {
    Table table = table(samples);
    PipelineResult result;
    try {
      result = pipeline(c, seed).fit(table);
    } catch (IllegalArgumentException e) {
      // a generated training part can leave a column with nothing to learn from
      Assume.that(e.getMessage().contains("every training row is missing"));
      throw e;
    }
    FittedPipeline fitted = result.pipeline();
    RowScorer scorer = RuntimeAccess.pipelines().rowScorer(fitted)
        .orElseThrow(() -> new AssertionError(c + ": a step has no row form, so the predictor builds tables"));
    RowBuffer buffer = scorer.newBuffer(); // reused from row to row, as the predictor does
    for (int r : result.partition().test().toArray()) {
      String where = c + ", row " + r + " " + table.row(r);
      double[] expected = null;
      RuntimeException refused = null;
      try {
        expected = scores(fitted.score(table.rows(new int[] {r})));
      } catch (RuntimeException e) {
        refused = e;
      }
      fill(buffer, scorer, fitted.inputSchema(), table, r);
      if (refused == null) {
        assertArrayEquals(expected, scorer.score(buffer), where);
        Statistics.label("held-out row").collect("scored");
      } else {
        assertSameRefusal(refused, assertThrows(RuntimeException.class, () -> scorer.score(buffer), where), where);
        Statistics.label("held-out row").collect("refused");
      }
    }
  }

  /** Writes row {@code r} of {@code table} into the buffer as the predictor does: by input field. */
  private static void fill(RowBuffer buffer, RowScorer scorer, Schema schema, Table table, int r) {
    List<Schema.Field> fields = schema.columns();
    for (int i = 0; i < fields.size(); i++) {
      String name = fields.get(i).name();
      int slot = scorer.inputSlot(i);
      switch (fields.get(i).type()) {
        case NUMERIC -> buffer.setNumber(slot, table.numeric(name, r));
        case CATEGORICAL, TEXT -> buffer.setString(slot, table.string(name, r));
        case TIMESTAMP -> buffer.setNumber(slot, table.isMissing(name, r) ? Double.NaN : (double) table.timestamp(name, r));
        case VECTOR -> throw new AssertionError("no generated input is a VECTOR");
      }
    }
  }

  private static double[] scores(Scores scores) {
    return scores.task() == Task.REGRESSION ? new double[] {scores.value(0)} : scores.probabilities(0);
  }

  private static void assertSameRefusal(RuntimeException expected, RuntimeException actual, String where) {
    assertEquals(expected.getClass(), actual.getClass(), where);
    assertEquals(expected.getMessage(), actual.getMessage(), where);
    if (expected instanceof InvalidInputException e) {
      assertEquals(e.column(), ((InvalidInputException) actual).column(), where);
    }
  }

  // ---- refusals, with their exact messages ----

  /** Twenty rows with every input present: categories A, B, C; amounts 0..19. */
  private static Table complete() {
    List<Sample> rows = new ArrayList<>();
    for (int r = 0; r < 20; r++) {
      Instant when = Instant.parse("2024-02-28T20:00:00Z").plusSeconds(3_600L * 7 * r);
      rows.add(new Sample(List.of("A", "B", "C").get(r % 3), r * 1.5 - 12, r, when, r * 0.25));
    }
    return table(rows);
  }

  /**
   * Fits the case on {@link #complete()}, scores one request both ways and returns the row path's
   * refusal after checking that the table path refuses it alike.
   */
  private static InvalidInputException refusedByBoth(Case c, Table request) {
    FittedPipeline fitted = pipeline(c, 7).fit(complete()).pipeline();
    InvalidInputException table = assertThrows(InvalidInputException.class, () -> fitted.score(request));
    RowScorer scorer = RuntimeAccess.pipelines().rowScorer(fitted).orElseThrow();
    RowBuffer buffer = scorer.newBuffer();
    fill(buffer, scorer, fitted.inputSchema(), request, 0);
    InvalidInputException row = assertThrows(InvalidInputException.class, () -> scorer.score(buffer));
    assertSameRefusal(table, row, c.name());
    return row;
  }

  private static Table request(String cat, double num, double amount, Instant when) {
    return Table.builder()
        .categorical("Cat", cat)
        .numeric("Num", num)
        .numeric("Amount", amount)
        .timestamp("When", when)
        .build();
  }

  @Example
  void log1p_ofMinusTwoAtPredict_isRefusedWithTheSameMessageOnBothPaths() {
    InvalidInputException e = refusedByBoth(
        classify("log1p", Features.log1p("Amount")), request("A", 1, -2, Instant.EPOCH));
    assertEquals("Amount", e.column());
    assertEquals("column 'Amount' holds -2.0 at row 0; log1p needs values greater than -1, where log(1 + x) is defined."
        + " Clip the column first, e.g. Features.clip(\"Amount\").between(0, Double.POSITIVE_INFINITY), or leave it out"
        + " of log1p.", e.getMessage());
  }

  @Example
  void oneHot_unknownCategoryUnderError_isRefusedWithTheSameMessageOnBothPaths() {
    InvalidInputException e = refusedByBoth(
        classify("oneHot ERROR", Features.oneHot("Cat").onUnknown(Features.Unknown.ERROR)),
        request("Z", 1, 2, Instant.EPOCH));
    assertEquals("column 'Cat' has unknown category 'Z' at row 0; known categories are [A, B, C]. Use"
        + " Features.oneHot(\"Cat\").onUnknown(Unknown.IGNORE) to encode it as all zeros, or retrain with data that"
        + " has it.", e.getMessage());
  }

  @Example
  void sineCosine_missingValueAndNoImpute_isRefusedAsAMissingFeatureOnBothPaths() {
    InvalidInputException e = refusedByBoth(
        classify("sineCosine", Features.sineCosine("Num", 24)), request("A", Double.NaN, 2, Instant.EPOCH));
    assertEquals("feature 'Num_sin' is missing (NaN) after all steps at row 0; the model cannot score a missing value."
        + " Send a value, or add Features.impute(\"Num_sin\") to the pipeline.", e.getMessage());
  }

  @Example
  void calendar_missingTimeAndNoImpute_isRefusedAsAMissingFeatureOnBothPaths() {
    InvalidInputException e = refusedByBoth(
        classify("calendar", Features.calendar(ZoneOffset.UTC, "When").parts(Features.CalendarPart.HOUR)),
        request("A", 1, 2, null));
    assertEquals("When_hour", e.column());
    assertEquals("feature 'When_hour' is missing (NaN) after all steps at row 0; the model cannot score a missing value."
        + " Send a value, or add Features.impute(\"When_hour\") to the pipeline.", e.getMessage());
  }

  // ---- the calendar arithmetic ----

}
