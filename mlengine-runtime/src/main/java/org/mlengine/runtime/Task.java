package org.mlengine.runtime;

/**
 * What a model predicts: a class label or a number.
 *
 * <p>The pipeline infers the task from the target column's type (CATEGORICAL means
 * classification, NUMERIC means regression) unless {@code Pipeline.Builder.task(Task)} says
 * otherwise, for example for a 0/1 numeric target.
 *
 * <pre>{@code
 * Pipeline.builder().target("defaulted").task(Task.CLASSIFICATION)
 * }</pre>
 */
public enum Task {
  /** Predict one label out of the classes seen in training, with class probabilities. */
  CLASSIFICATION,
  /** Predict a real number. */
  REGRESSION
}
