package org.mlengine.core;

import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.Scores;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.FeatureMatrix;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * The compiled forms of Tribuo-trained models predict what Tribuo's own model predicts, within 1e-9.
 * (logisticRegression() is trained by mlengine's L-BFGS: LogisticEngineProperties.)
 */
class CompiledModelProperties {

  @Property(tries = 60)
  void compiledClassifier_equalsTribuo(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 4) int classes,
      @ForAll @IntRange(min = 1, max = 6) int features,
      @ForAll @IntRange(min = 0, max = 2) int penalty) throws Exception {
    Table data = randomTable(seed, 60, features, classes);
    Trainers.Linear trainer = switch (penalty) {
      case 0 -> Trainers.linearSgd().epochs(3);
      case 1 -> Trainers.linearSgd().epochs(3).l1(1e-3);
      default -> Trainers.linearSgd().epochs(3).l2(1e-2).minibatchSize(4);
    };
    PipelineResult result = Pipeline.builder().target("y").split(Split.random(0.7)).trainer(trainer).seed(seed).keepTribuoModel().build().fit(data);
    @SuppressWarnings("unchecked")
    Model<Label> tribuo = (Model<Label>) TribuoTraining.read(PipelineTest.tribuoBytes(result), "test");
    Table probe = randomTable(seed + 1, 20, features, classes);
    Scores scores = result.pipeline().score(probe);
    String[] names = result.pipeline().featureNames().toArray(String[]::new);
    for (int r = 0; r < probe.rowCount(); r++) {
      Prediction<Label> p = tribuo.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, row(probe, names, r)));
      for (int c = 0; c < scores.classes().size(); c++) {
        Label label = p.getOutputScores().get(scores.classes().get(c));
        assertEquals(label.getScore(), scores.probability(r, c), 1e-9);
      }
      assertEquals(p.getOutput().getLabel(), scores.label(r));
    }
  }

  @Property(tries = 40)
  void compiledRegression_equalsTribuo(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 1, max = 6) int features,
      @ForAll boolean penalised) throws Exception {
    Table data = randomTable(seed, 60, features, 0);
    Trainers.Linear trainer = penalised ? Trainers.linearSgd().epochs(3).l2(1e-2) : Trainers.linearSgd().epochs(3).learningRate(0.3);
    PipelineResult result = Pipeline.builder().target("y").split(Split.random(0.7)).trainer(trainer).seed(seed).keepTribuoModel().build().fit(data);
    @SuppressWarnings("unchecked")
    Model<Regressor> tribuo = (Model<Regressor>) TribuoTraining.read(PipelineTest.tribuoBytes(result), "test");
    Table probe = randomTable(seed + 1, 20, features, 0);
    Scores scores = result.pipeline().score(probe);
    String[] names = result.pipeline().featureNames().toArray(String[]::new);
    for (int r = 0; r < probe.rowCount(); r++) {
      Prediction<Regressor> p = tribuo.predict(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, names, row(probe, names, r)));
      assertEquals(p.getOutput().getValues()[0], scores.value(r), 1e-9 * Math.max(1, Math.abs(scores.value(r))));
    }
  }

  /** Features f0..f{k-1}; y has {@code classes} classes, or is numeric when classes is 0. */
  private static Table randomTable(long seed, int rows, int features, int classes) {
    Random random = new Random(seed);
    Table.Builder b = Table.builder();
    double[][] x = new double[features][rows];
    for (int f = 0; f < features; f++) {
      for (int r = 0; r < rows; r++) {
        x[f][r] = random.nextGaussian() * (f + 1);
      }
      b.numeric("f" + f, x[f]);
    }
    double[] value = new double[rows];
    String[] label = new String[rows];
    for (int r = 0; r < rows; r++) {
      double s = random.nextGaussian();
      for (int f = 0; f < features; f++) {
        s += x[f][r] * (f % 2 == 0 ? 1 : -0.5);
      }
      value[r] = s;
      label[r] = classes == 0 ? null : "k" + Math.floorMod((int) Math.floor(s), classes);
    }
    if (classes > 0) {
      // Every class at least once so the training part is likely to see them all.
      for (int c = 0; c < classes; c++) {
        label[c] = "k" + c;
      }
      return b.categorical("y", label).build();
    }
    return b.numeric("y", value).build();
  }

  private static double[] row(Table t, String[] names, int r) {
    double[] out = new double[names.length];
    for (int f = 0; f < names.length; f++) {
      out[f] = t.numeric(names[f], r);
    }
    return out;
  }
}
