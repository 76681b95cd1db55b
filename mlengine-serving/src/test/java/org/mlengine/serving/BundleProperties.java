package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.mlengine.runtime.internal.steps.BuiltInSteps;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mlengine.core.spi.Extractor;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainer;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.spi.TransformCodec;
import org.mlengine.features.Features;

/** Invariants of fitted pipelines and their bundles over random small tables and pipelines. */
class BundleProperties {

  /** A random table: numeric x1, x2 (with gaps), categorical c (with gaps), target y. */
  record Case(long dataSeed, int rows, boolean regression, int encoder, int trainer, long seed) {
    Table table() {
      Random random = new Random(dataSeed);
      double[] x1 = new double[rows];
      double[] x2 = new double[rows];
      String[] c = new String[rows];
      String[] label = new String[rows];
      double[] value = new double[rows];
      for (int r = 0; r < rows; r++) {
        x1[r] = random.nextInt(10) == 0 ? Double.NaN : random.nextGaussian() * 3 + 1;
        x2[r] = random.nextInt(10) == 0 ? Double.NaN : random.nextGaussian();
        c[r] = random.nextInt(12) == 0 ? null : "c" + random.nextInt(4);
        double signal = (Double.isNaN(x1[r]) ? 0 : x1[r]) + ("c1".equals(c[r]) ? 2 : 0) + random.nextGaussian();
        label[r] = signal > 1 ? "hi" : "lo";
        value[r] = signal;
      }
      Table.Builder b = Table.builder().numeric("x1", x1).numeric("x2", x2).categorical("c", c);
      return regression ? b.numeric("y", value).build() : b.categorical("y", label).build();
    }

    Pipeline pipeline() {
      Extractor encode = switch (encoder) {
        case 0 -> Features.oneHot("c");
        case 1 -> Features.meanEncoding("c").smoothing(2).folds(3);
        default -> Features.meanEncoding("c").autoSmoothing().folds(3);
      };
      Trainer t = switch (trainer) {
        case 0 -> regression ? Trainers.linearSgd() : Trainers.logisticRegression();
        case 1 -> Trainers.linearSgd().l2(1e-3).epochs(3);
        default -> Trainers.cart().maxDepth(3);
      };
      return Pipeline.builder().target("y").split(Split.random(0.75))
          .add(Features.impute("x1", "x2").median().withIndicator(), encode, Features.standardize("x1", "x2"))
          .trainer(t).seed(seed).build();
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(
            Arbitraries.longs(), Arbitraries.integers().between(24, 80), Arbitraries.of(true, false),
            Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2), Arbitraries.longs().between(0, 1000))
        .as(Case::new);
  }

  @Property(tries = 40)
  void saveLoadPredictAll_equalsInMemoryPredictionsOnEveryHeldOutRow(@ForAll("cases") Case c) throws IOException {
    Table table = c.table();
    PipelineResult result = c.pipeline().fit(table);
    Table heldOut = table.rows(result.partition().test().toArray()).drop("y");
    Path file = Files.createTempFile("bundle", ".mlb");
    try {
      result.bundle().save(file);
      Predictor predictor = Predictor.load(file);
      assertEquals(result.bundle().id(), predictor.bundle().id());
      List<Prediction> loaded = predictor.predictAll(heldOut);
      List<Prediction> inMemory = Predictor.of(result.bundle()).predictAll(heldOut);
      assertEquals(inMemory, loaded);
      for (int r = 0; r < heldOut.rowCount(); r++) {
        assertEquals(loaded.get(r), predictor.predict(heldOut.row(r).toMap()), "the single-row path agrees with the batch path");
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Property(tries = 40)
  void changingOnlyHeldOutRows_changesNoFittedState(@ForAll("cases") Case c) {
    Table table = c.table();
    PipelineResult before = c.pipeline().fit(table);
    Table altered = scrambleRows(table, before.partition().test().toArray(), c.dataSeed());
    PipelineResult after = c.pipeline().fit(altered);

    assertEquals(before.partition(), after.partition());
    assertEquals(before.bundle().trainingDataSha256(), after.bundle().trainingDataSha256());
    assertEquals(states(before.pipeline()), states(after.pipeline()));
    Table probe = c.table().drop("y");
    for (int r = 0; r < probe.rowCount(); r++) {
      if (c.regression()) {
        assertEquals(before.pipeline().score(probe).value(r), after.pipeline().score(probe).value(r), 0);
      } else {
        assertArrayEquals(before.pipeline().score(probe).probabilities(r), after.pipeline().score(probe).probabilities(r));
      }
    }
  }

  /** The same table with new feature values (not targets) in the given rows. */
  private static Table scrambleRows(Table table, int[] rows, long seed) {
    Random random = new Random(seed ^ 0x5DEECE66DL);
    double[] x1 = table.numericColumn("x1");
    double[] x2 = table.numericColumn("x2");
    String[] c = table.stringColumn("c");
    for (int r : rows) {
      x1[r] = random.nextGaussian() * 100;
      x2[r] = random.nextBoolean() ? Double.NaN : -random.nextGaussian();
      c[r] = "unseen" + random.nextInt(3);
    }
    return table.withNumeric("x1", x1).withNumeric("x2", x2).withCategorical("c", c);
  }

  /** Each fitted step's state as its codec writes it. */
  private static List<JsonNode> states(FittedPipeline pipeline) {
    List<JsonNode> out = new ArrayList<>();
    for (FittedTransform t : pipeline.transforms()) {
      for (TransformCodec codec : BuiltInSteps.codecs()) {
        if (codec.tag().equals(t.tag())) {
          out.add(codec.write(t));
        }
      }
    }
    assertEquals(pipeline.transforms().size(), out.size());
    return out;
  }
}
