/**
 * Serving a {@link org.mlengine.runtime.ModelBundle} in process.
 *
 * <p>API: {@link org.mlengine.serving.Predictor} (load a bundle, score requests, maps, rows and
 * tables), {@link org.mlengine.serving.Request} (one request's columns and values, built column
 * by column) and {@link org.mlengine.serving.Prediction} (label, probabilities or value, and
 * the id of the bundle that made it), {@link org.mlengine.serving.Answer} (who answered a
 * request: the model, an arm, a fallback or nobody), {@link org.mlengine.serving.ModelVersion} and
 * {@link org.mlengine.serving.AliasMove} (a registry's versions and alias history),
 * {@link org.mlengine.serving.Limits} (when a model's answer is refused: low confidence, an
 * unseen category, a number far outside the training range, too many missing inputs),
 * {@link org.mlengine.serving.Fallback} (what answers instead: nobody, another model, a rule or
 * a baseline) and {@link org.mlengine.serving.GuardedPredictor} (a predictor answering within
 * limits, with its fallback).
 */
package org.mlengine.serving;
