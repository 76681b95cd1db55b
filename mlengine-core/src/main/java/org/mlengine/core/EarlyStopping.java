package org.mlengine.core;

import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.Scores;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.BoostedModel;
import org.mlengine.runtime.internal.FeatureMatrix;
import org.mlengine.runtime.internal.LinearModel;
import org.mlengine.runtime.internal.ScoringModel;
import org.mlengine.runtime.internal.Targets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Early stopping on the validation part. A boosted model stops as XGBoost's
 * {@code early_stopping_rounds}: the validation loss of every prefix of rounds is computed from
 * the compiled trees (boosting is additive, and round k never depends on later rounds, so the
 * first k rounds of the full model are the model XGBoost would have after k rounds), the best
 * round is the first with the lowest loss, and boosting stops once {@code patience} rounds in
 * a row have not improved on it. The model keeps the rounds up to the best one. Linear models,
 * which Tribuo trains for a fixed number of epochs, stop by the same rule over models trained
 * for 1, 2, ... epochs.
 */
final class EarlyStopping {
  /** XGBoost clips probabilities below this in {@code mlogloss}. */
  private static final double EPSILON = 1e-16;

  private EarlyStopping() {}

  static Trainer.Stopped boosted(FittedPipeline fitted, Table validation, int patience) {
    BoostedModel model = (BoostedModel) RuntimeAccess.pipelines().model(fitted);
    double[] losses = prefixLosses(model, fitted, validation);
    int best = 0;
    int stoppedAt = losses.length;
    for (int round = 1; round < losses.length; round++) {
      if (losses[round] < losses[best]) {
        best = round;
      } else if (round - best >= patience) {
        stoppedAt = round + 1;
        break;
      }
    }
    int rounds = best + 1;
    BoostedModel kept = new BoostedModel(model.task(), model.outputs(), model.baseScore(),
        model.trees().subList(0, rounds * model.outputs()));
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("metric", metricName(fitted));
    report.put("patience", patience);
    report.put("maxRounds", losses.length);
    report.put("roundsEvaluated", stoppedAt);
    report.put("roundsUsed", rounds);
    report.put("bestValidationLoss", losses[best]);
    // Cut from the compiled trees alone: XGBoost is trained once, for every round, and no Tribuo model is kept.
    return new Trainer.Stopped(withModel(fitted, kept), null, report);
  }

  /**
   * Early stopping over epochs for trainers that train a fixed number of them: the model
   * trained for k = 1, 2, ... epochs (from scratch each time, by {@code trainFor}) is scored on
   * the validation part until {@code patience} counts in a row have not improved on the best;
   * the best is kept. {@code trained} is the model of {@code maxEpochs} epochs, already fitted.
   */
  static Trainer.Stopped epochs(FittedPipeline fitted, Trainer.TrainedModel trained, IntFunction<Trainer.TrainedModel> trainFor,
      int maxEpochs, Table validation, int patience) {
    int best = 0;
    double bestLoss = Double.NaN;
    FittedPipeline bestPipeline = null;
    byte[] bestBytes = null;
    int evaluated = 0;
    for (int k = 1; k <= maxEpochs; k++) {
      Trainer.TrainedModel model = k == maxEpochs ? trained : trainFor.apply(k);
      FittedPipeline candidate = withModel(fitted, model.model());
      double loss = loss(candidate, validation);
      evaluated = k;
      if (best == 0 || loss < bestLoss) {
        best = k;
        bestLoss = loss;
        bestPipeline = candidate;
        bestBytes = model.tribuoModel();
      } else if (k - best >= patience) {
        break;
      }
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("metric", metricName(fitted));
    report.put("patience", patience);
    report.put("maxEpochs", maxEpochs);
    report.put("epochsEvaluated", evaluated);
    report.put("epochsUsed", best);
    report.put("bestValidationLoss", bestLoss);
    return new Trainer.Stopped(bestPipeline, bestBytes, report);
  }

  private static String metricName(FittedPipeline fitted) {
    return fitted.task() == Task.CLASSIFICATION ? "logloss" : "rmse";
  }

  private static FittedPipeline withModel(FittedPipeline fitted, ScoringModel model) {
    return RuntimeAccess.pipelines().create(fitted.inputSchema(), fitted.target(), fitted.task(), fitted.classes(), fitted.transforms(),
        RuntimeAccess.pipelines().layout(fitted), model);
  }

  /** The validation loss of a fitted pipeline, through its ordinary scoring path. */
  static double loss(FittedPipeline fitted, Table validation) {
    Scores scores = fitted.score(validation);
    double sum = 0;
    if (fitted.task() == Task.CLASSIFICATION) {
      int[] truth = truth(fitted, validation);
      for (int r = 0; r < truth.length; r++) {
        sum -= Math.log(Math.max(scores.probability(r, truth[r]), EPSILON));
      }
      return sum / truth.length;
    }
    double[] actual = validation.numericColumn(fitted.target());
    for (int r = 0; r < actual.length; r++) {
      double d = scores.value(r) - actual[r];
      sum += d * d;
    }
    return Math.sqrt(sum / actual.length);
  }

  /**
   * The validation loss after each round: multi-class log loss (XGBoost's {@code mlogloss},
   * probabilities clipped at 1e-16) for classification, RMSE for regression.
   */
  static double[] prefixLosses(BoostedModel model, FittedPipeline fitted, Table validation) {
    int outputs = model.outputs();
    int rounds = model.trees().size() / outputs;
    FeatureMatrix features = RuntimeAccess.pipelines().layout(fitted).scoringMatrix(fitted.transform(validation));
    int n = features.rows;
    boolean classification = model.task() == Task.CLASSIFICATION;
    int[] truth = classification ? truth(fitted, validation) : null;
    double[] actual = classification ? null : validation.numericColumn(fitted.target());
    double[][] margin = new double[n][outputs];
    for (double[] m : margin) {
      java.util.Arrays.fill(m, model.baseScore());
    }
    double[] losses = new double[rounds];
    double[] p = new double[outputs];
    for (int round = 0; round < rounds; round++) {
      double sum = 0;
      for (int r = 0; r < n; r++) {
        int from = features.rowStart[r];
        int to = features.rowStart[r + 1];
        for (int c = 0; c < outputs; c++) {
          margin[r][c] += model.trees().get(round * outputs + c).evaluate(features.index, features.value, from, to);
        }
        if (classification) {
          System.arraycopy(margin[r], 0, p, 0, outputs);
          LinearModel.softmax(p);
          sum -= Math.log(Math.max(p[truth[r]], EPSILON));
        } else {
          double d = margin[r][0] - actual[r];
          sum += d * d;
        }
      }
      losses[round] = classification ? sum / n : Math.sqrt(sum / n);
    }
    return losses;
  }

  private static int[] truth(FittedPipeline fitted, Table validation) {
    String[] labels = Targets.labels(validation, fitted.target());
    int[] out = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = fitted.classes().indexOf(labels[i]);
      if (out[i] < 0) {
        throw new IllegalArgumentException("validation row " + i + " has class '" + labels[i] + "', which the training part never had"
            + " (classes " + fitted.classes() + "); early stopping needs every validation class in training. Use Split.stratified.");
      }
    }
    return out;
  }
}
