package org.mlengine.core;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A trained model in the form the bundle keeps and the predictor evaluates: scores one row of
 * features (in the pipeline's feature order) into class probabilities (in the pipeline's class
 * order) or a one-element array holding the regression value.
 */
sealed interface ScoringModel permits LinearModel, TribuoModel {

  /** The model's kind tag in {@code model.json}. */
  String kind();

  /** Scores row {@code row} of the feature matrix. */
  double[] score(FeatureMatrix features, int row);

  /** The data-only form written to {@code model.json}. */
  ObjectNode toJson();
}
