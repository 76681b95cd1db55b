/**
 * Serving a {@link org.mlengine.runtime.ModelBundle} in process.
 *
 * <p>API: {@link org.mlengine.serving.Predictor} (load a bundle, score requests, maps, rows and
 * tables), {@link org.mlengine.serving.Request} (one request's columns and values, built column
 * by column) and {@link org.mlengine.serving.Prediction} (label, probabilities or value, and
 * the id of the bundle that made it), {@link org.mlengine.serving.Answer} (who answered a
 * request: the model, an arm, a fallback or nobody), {@link org.mlengine.serving.ModelRegistry}
 * (versions of each model's bundles, aliases moved atomically, promote and rollback with an
 * append-only history, retention; kept in a directory several processes share), {@link
 * org.mlengine.serving.Registration} (who registers a bundle, why, and its tags), {@link
 * org.mlengine.serving.ModelVersion} and {@link org.mlengine.serving.AliasMove} (a registry's
 * versions and alias history).
 */
package org.mlengine.serving;
