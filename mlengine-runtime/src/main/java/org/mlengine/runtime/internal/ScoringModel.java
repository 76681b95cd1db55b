package org.mlengine.runtime.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A trained model in the form the bundle keeps and the predictor evaluates: scores one row of
 * features (in the pipeline's feature order) into class probabilities (in the pipeline's class
 * order) or a one-element array holding the regression value. Implemented by the compiled forms
 * here and, for legacy bundles, by mlengine-core's Tribuo reader ({@link TribuoModelReader}).
 *
 * <pre>{@code
 * ScoringModel model = LinearModel.fromJson(json, Task.CLASSIFICATION, 2, features);
 * double[] probabilities = model.score(index, value, 0, index.length);
 * String kind = model.kind();   // "linear"
 * }</pre>
 */
public sealed interface ScoringModel permits LinearModel, TreeModel, ForestModel, BoostedModel, TribuoModel {

  /** The model's kind tag in {@code model.json}. */
  String kind();

  /**
   * Scores one row given as its feature entries {@code index[from..to)} (increasing feature
   * slots) and their values; absent slots are zero.
   */
  double[] score(int[] index, double[] value, int from, int to);

  /** The data-only form written to {@code model.json}. */
  ObjectNode toJson();
}
