package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.mlengine.runtime.internal.steps.BuiltInSteps;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.mlengine.core.spi.Extractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.core.Partition;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.spi.TransformCodec;

/**
 * Leakage and state properties of the categorical, cyclical and numeric steps, over generated
 * tables: weight of evidence never encodes a training row with its own label, and every step
 * applies row by row and survives its codec unchanged.
 */
class CategoricalNumericProperties {

  private static final int FOLDS = 3;

  /**
   * One generated row: a category (or null), a binary label, a number (or NaN), a non-negative
   * amount (or NaN), a time (or null) and a cross-fitting fold.
   */
  record Sample(String category, int label, double number, double amount, Instant time, int fold) {}

  @Provide
  Arbitrary<List<Sample>> samples() {
    Arbitrary<String> category = Arbitraries.of("A", "B", "C", "D", "E").injectNull(0.1);
    Arbitrary<Double> number = Arbitraries.doubles().between(-1000, 1000).injectNull(0.15)
        .map(d -> d == null ? Double.NaN : d);
    Arbitrary<Double> amount = Arbitraries.doubles().between(0, 1e6).injectNull(0.15)
        .map(d -> d == null ? Double.NaN : d);
    // 1990..2040, so leap years, month ends and daylight-saving changes all occur
    Arbitrary<Instant> time = Arbitraries.longs().between(631_152_000_000L, 2_208_988_800_000L)
        .map(Instant::ofEpochMilli).injectNull(0.1);
    Arbitrary<Integer> label = Arbitraries.integers().between(0, 1);
    Arbitrary<Integer> fold = Arbitraries.integers().between(0, FOLDS - 1);
    return Combinators.combine(category, label, number, amount, time, fold)
        .as(Sample::new)
        .list()
        .ofMinSize(2)
        .ofMaxSize(40);
  }

  @Provide
  Arbitrary<WeightOfEvidence> weightsOfEvidence() {
    return Arbitraries.of(
        Features.weightOfEvidence("X"),
        Features.weightOfEvidence("X").regularization(0.1),
        Features.weightOfEvidence("X").regularization(5));
  }

  /** Four fixed rows (two of each label, so one flip keeps both classes) and then the samples. */
  private static List<Sample> withBothClasses(List<Sample> samples) {
    Instant t = Instant.parse("2024-02-29T23:30:00Z");
    List<Sample> rows = new ArrayList<>(List.of(
        new Sample("A", 0, 1, 10, t, 0), new Sample("B", 1, 2, 20, t, 1),
        new Sample("A", 1, 3, 30, null, 2), new Sample("C", 0, 4, 40, t, 0)));
    rows.addAll(samples);
    return rows;
  }

  private static Table table(List<Sample> rows) {
    return Table.builder()
        .categorical("X", rows.stream().map(Sample::category).toArray(String[]::new))
        .numeric("Income", rows.stream().mapToDouble(Sample::number).toArray())
        .numeric("Amount", rows.stream().mapToDouble(Sample::amount).toArray())
        .timestamp("T", rows.stream().map(Sample::time).toArray(Instant[]::new))
        .categorical("y", rows.stream().map(s -> Integer.toString(s.label())).toArray(String[]::new))
        .build();
  }

  private static List<Partition> folds(List<Sample> rows) {
    List<Partition> out = new ArrayList<>();
    for (int f = 0; f < FOLDS; f++) {
      List<Integer> train = new ArrayList<>();
      List<Integer> test = new ArrayList<>();
      for (int r = 0; r < rows.size(); r++) {
        (rows.get(r).fold() == f ? test : train).add(r);
      }
      out.add(Partition.of(
          train.stream().mapToInt(Integer::intValue).toArray(), test.stream().mapToInt(Integer::intValue).toArray()));
    }
    return out;
  }

  private static double outOfFold(WeightOfEvidence step, List<Sample> rows, int row) {
    FitContext context = FitContext.of(table(rows), "y", Split.random(0.8), 1).withCrossFitPartitions(folds(rows));
    return step.applyToTraining(step.fit(context), context).numericColumn("X")[row];
  }

  @Property(tries = 300)
  void weightOfEvidence_flippingARowsLabel_leavesItsOwnOutOfFoldValue(
      @ForAll("samples") List<Sample> samples,
      @ForAll @IntRange(min = 0, max = 1000) int pick,
      @ForAll("weightsOfEvidence") WeightOfEvidence step) {
    List<Sample> rows = withBothClasses(samples);
    int i = pick % rows.size();
    List<Sample> flipped = new ArrayList<>(rows);
    Sample s = rows.get(i);
    flipped.set(i, new Sample(s.category(), 1 - s.label(), s.number(), s.amount(), s.time(), s.fold()));

    assertEquals(outOfFold(step, rows, i), outOfFold(step, flipped, i));
  }

  private static List<Extractor> steps() {
    return List.of(
        Features.groupRare("X").minFrequency(3),
        Features.groupRare("X").minFrequency(0.2),
        Features.oneHot("X").minFrequency(3),
        Features.oneHot("X").minFrequency(0.2).onUnknown(Features.Unknown.ERROR),
        Features.weightOfEvidence("X"),
        Features.frequencyEncoding("X"),
        Features.frequencyEncoding("X").counts(),
        Features.sineCosine("Income", 24),
        Features.calendar(ZoneId.of("Europe/Paris"), "T"),
        Features.calendar(ZoneOffset.UTC, "T").parts(Features.CalendarPart.DAY_OF_MONTH),
        Features.minMax("Income", "Amount"),
        Features.robustScale("Income"),
        Features.log1p("Amount"),
        Features.clip("Income").between(-10, 10),
        Features.clip("Income", "Amount").quantiles(0.1, 0.9),
        Features.quantileBins("Income").bins(3));
  }

  private static boolean fittable(List<Sample> rows) {
    return rows.stream().anyMatch(s -> !Double.isNaN(s.number())) && rows.stream().anyMatch(s -> !Double.isNaN(s.amount()));
  }

  @Property(tries = 150)
  void apply_isRowWise_soOtherRowsNeverChangeARowsValues(
      @ForAll("samples") List<Sample> trainSamples, @ForAll("samples") List<Sample> testSamples) {
    List<Sample> trainRows = withBothClasses(trainSamples);
    Assume.that(fittable(trainRows));
    Table train = table(trainRows);
    Table test = table(testSamples).drop("y");
    FitContext context = FitContext.of(train, "y", Split.random(0.8), 3);
    for (Extractor step : steps()) {
      FittedTransform fitted = step.fit(context);
      Table whole;
      try {
        whole = fitted.apply(test);
      } catch (InvalidInputException e) {
        continue; // an unknown category under ERROR: refusing it is the policy
      }
      for (int r = 0; r < test.rowCount(); r++) {
        assertEquals(whole.row(r).toMap(), fitted.apply(test.row(r)).row(0).toMap(), step + " row " + r);
      }
    }
  }

  @Property(tries = 150)
  void codec_roundTrip_givesEqualStateAndOutput(
      @ForAll("samples") List<Sample> trainSamples, @ForAll("samples") List<Sample> testSamples)
      throws JsonProcessingException {
    List<Sample> trainRows = withBothClasses(trainSamples);
    Assume.that(fittable(trainRows));
    Table train = table(trainRows);
    Table test = table(testSamples).drop("y");
    FitContext context = FitContext.of(train, "y", Split.random(0.8), 3);
    ObjectMapper json = new ObjectMapper();
    for (Extractor step : steps()) {
      FittedTransform fitted = step.fit(context);
      TransformCodec codec = codecFor(fitted.tag());
      FittedTransform read = codec.read(json.readTree(json.writeValueAsString(codec.write(fitted))));
      assertEquals(fitted, read, step.toString());
      Fixtures.assertSameTable(step.applyToTraining(fitted, context), step.applyToTraining(read, context));
      try {
        Fixtures.assertSameTable(fitted.apply(test), read.apply(test));
      } catch (InvalidInputException e) {
        // an unknown category under ERROR: the read transform must refuse it the same way
        assertEquals(e.getMessage(),
            org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class, () -> read.apply(test))
                .getMessage());
      }
    }
  }

  @Property(tries = 200)
  void quantileBins_trainingRows_stayInRangeAndKeepTheirOrder(
      @ForAll("samples") List<Sample> samples, @ForAll @IntRange(min = 2, max = 8) int bins) {
    List<Sample> rows = withBothClasses(samples);
    Table train = table(rows);
    double[] binned = Features.quantileBins("Income").bins(bins).fit(FitContext.of(train, "y", Split.random(0.8), 3))
        .apply(train).numericColumn("Income");
    double[] income = train.numericColumn("Income");
    for (int r = 0; r < binned.length; r++) {
      if (Double.isNaN(income[r])) {
        assertEquals(Double.NaN, binned[r]);
      } else {
        org.junit.jupiter.api.Assertions.assertTrue(binned[r] >= 0 && binned[r] < bins, "bin " + binned[r]);
        for (int s = 0; s < binned.length; s++) {
          if (!Double.isNaN(income[s]) && income[s] < income[r]) {
            org.junit.jupiter.api.Assertions.assertTrue(binned[s] <= binned[r], "binning must keep the order");
          }
        }
      }
    }
  }

  private static TransformCodec codecFor(String tag) {
    for (TransformCodec codec : BuiltInSteps.codecs()) {
      if (codec.tag().equals(tag)) {
        return codec;
      }
    }
    throw new AssertionError("no codec for " + tag);
  }
}
