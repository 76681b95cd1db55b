/**
 * Serving a {@link org.mlengine.runtime.ModelBundle} in process.
 *
 * <p>API: {@link org.mlengine.serving.Predictor} (load a bundle, score requests, maps, rows and
 * tables), {@link org.mlengine.serving.Request} (one request's columns and values, built column
 * by column) and {@link org.mlengine.serving.Prediction} (label, probabilities or value, and
 * the id of the bundle that made it).
 */
package org.mlengine.serving;
