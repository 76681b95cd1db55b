/**
 * Serving a {@link org.mlengine.runtime.ModelBundle} in process.
 *
 * <p>API: {@link org.mlengine.serving.Predictor} (load a bundle, score requests, maps, rows and
 * tables), {@link org.mlengine.serving.Request} (one request's columns and values, built column
 * by column) and {@link org.mlengine.serving.Prediction} (label, probabilities or value, and
 * the id of the bundle that made it), {@link org.mlengine.serving.Answer} (who answered a
 * request: the model, an arm, a fallback or nobody), {@link org.mlengine.serving.ModelVersion} and
 * {@link org.mlengine.serving.AliasMove} (a registry's versions and alias history),
 * {@link org.mlengine.serving.Deployment} (one or more models serving as one: single, shadow, canary
 * or bandit, swapped live), {@link org.mlengine.serving.BanditPolicy} (how a bandit deployment
 * picks an arm: UCB1 or Thompson sampling), {@link org.mlengine.serving.DeploymentStats} (what a
 * deployment served, per model) and {@link org.mlengine.serving.ShadowReport} (what a shadow
 * deployment's two models did differently).
 */
package org.mlengine.serving;
