package org.mlengine.core;

import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.FeatureMatrix;
import org.mlengine.runtime.internal.ScoringModel;
import java.util.Map;

/**
 * A training algorithm and its options, as handed to {@link Pipeline.Builder#trainer(Trainer)}.
 * Get one from {@link Trainers}; every option is a named method, and every option method
 * returns a changed copy.
 *
 * <pre>{@code
 * Trainer lr = Trainers.logisticRegression().c(0.5);
 * }</pre>
 */
public abstract class Trainer {

  Trainer() {}

  /** The algorithm's name, e.g. {@code "logistic_regression"}. */
  public abstract String name();

  /** The options as JSON-ready values, for the pipeline spec. */
  public abstract Map<String, Object> spec();

  /**
   * Adds a message for each way this trainer does not suit the task, e.g. a classifier for a
   * numeric target.
   */
  abstract void check(Task task, String target, java.util.List<String> problems);

  /** Trains on the features (no missing values) and targets of the training part. */
  abstract TrainedModel train(TrainingSet data, long seed);

  /**
   * Whether this trainer weighs each training row by its weight ({@link
   * Pipeline.Builder#sampleWeights(String)}); a pipeline refuses sample weights with a trainer that
   * would ignore them. False unless a trainer says otherwise.
   */
  boolean takesSampleWeights() {
    return false;
  }

  /**
   * Whether this trainer trains through Tribuo, so that {@link Pipeline.Builder#keepTribuoModel()}
   * has a Tribuo model to keep; trainers on other engines (XGBoost4J, mlengine's own) return
   * {@link TrainedModel} without Tribuo bytes. False unless a trainer says otherwise.
   */
  boolean trainsWithTribuo() {
    return false;
  }

  /** Whether this trainer stops early on the validation part (and so needs one). */
  boolean stopsEarly() {
    return false;
  }

  /**
   * The fitted pipeline with its model cut back to the rounds (or epochs) that did best on the
   * validation rows, and what was decided (for the spec in the manifest); unchanged, with an
   * empty report, for trainers that do not stop early.
   */
  Stopped stopEarly(FittedPipeline fitted, TrainedModel trained, TrainingSet data, long pipelineSeed, Table validation) {
    return new Stopped(fitted, trained.tribuoModel(), Map.of());
  }

  /**
   * What to change when this trainer diverges (its model holds NaN or an infinite number),
   * naming the option to change and its current value.
   */
  String divergenceAdvice() {
    return "Put the features on one scale with Features.standardize(...), or clip extreme values with Features.clip(...).";
  }

  /**
   * Refuses a trained model holding NaN or an infinite number: the trainer diverged, and such a
   * model scores NaN and writes a bundle no loader reads.
   *
   * @throws IllegalStateException naming the first such number and the option to change
   */
  final void checkConverged(ScoringModel model) {
    org.mlengine.runtime.internal.Finite.firstNonFinite(model.toJson()).ifPresent(found -> {
      throw new IllegalStateException(name() + " diverged: the trained model holds " + found + " (in model.json's terms); no"
          + " model or bundle was made. " + divergenceAdvice());
    });
  }

  @Override
  public String toString() {
    return name() + spec();
  }

  /**
   * Features and targets of the training part, as the trainers receive them.
   *
   * @param weights each row's sample weight, or null when the pipeline has none (every row weighs 1)
   */
  record TrainingSet(Task task, String target, java.util.List<String> featureNames, FeatureMatrix features,
      java.util.List<String> classes, int[] classIndices, double[] values, double[] weights) {}

  /**
   * A fitted pipeline after early stopping, Tribuo's bytes of the model it keeps (for lineage)
   * and the JSON-ready account of it (empty when it did not stop early).
   */
  record Stopped(FittedPipeline pipeline, byte[] tribuoModel, Map<String, Object> report, java.util.List<String> warnings) {
    Stopped(FittedPipeline pipeline, byte[] tribuoModel, Map<String, Object> report) {
      this(pipeline, tribuoModel, report, java.util.List.of());
    }

    /** This, with the trainer's warnings (e.g. it stopped before converging), for the result's warnings. */
    Stopped withWarnings(java.util.List<String> trainerWarnings) {
      return new Stopped(pipeline, tribuoModel, report, java.util.List.copyOf(trainerWarnings));
    }
  }

  /**
   * A trained model: the form the predictor evaluates and, for trainers that {@linkplain
   * #trainsWithTribuo() train through Tribuo}, Tribuo's own bytes for lineage (null otherwise).
   */
  record TrainedModel(ScoringModel model, byte[] tribuoModel, java.util.List<String> warnings) {
    TrainedModel(ScoringModel model, byte[] tribuoModel) {
      this(model, tribuoModel, java.util.List.of());
    }
  }
}
