/**
 * Serving a {@link org.mlengine.runtime.ModelBundle} in process, and the operations around a
 * live model.
 *
 * <p>API:
 * <ul>
 *   <li>Scoring: {@link org.mlengine.serving.Predictor} (load a bundle, score requests, maps,
 *       rows, tables and CSV streams), {@link org.mlengine.serving.CsvScoringException} (a CSV
 *       input it cannot score: the line, the column, the rows written before), {@link org.mlengine.serving.Request} (one request's columns and values,
 *       built column by column) and {@link org.mlengine.serving.Prediction} (label, probabilities
 *       or value, the id of the bundle that made it, the request id), {@link
 *       org.mlengine.serving.Answer} (who answered a request: the model, an arm, a fallback or
 *       nobody).
 *   <li>Deployment: {@link org.mlengine.serving.Deployment} (one or more models serving as one:
 *       single, shadow, canary or bandit, swapped live), {@link org.mlengine.serving.BanditPolicy}
 *       (how a bandit deployment picks an arm: UCB1 or Thompson sampling), {@link
 *       org.mlengine.serving.DeploymentStats} (what a deployment served, per model) and {@link
 *       org.mlengine.serving.ShadowReport} (what a shadow deployment's two models did
 *       differently), {@link org.mlengine.serving.AliasFollower} (keeps a deployment's model on a
 *       registry alias's version, swapping live when the alias moves).
 *   <li>Maintenance: {@link org.mlengine.serving.MaintenanceLoop} (retrains on a trigger or a
 *       schedule, shadows the candidate, promotes it only when significantly better), {@link
 *       org.mlengine.serving.CanaryWatch} (rolls a canary back by itself when its live metrics
 *       cross their limits) and {@link org.mlengine.serving.MaintenanceEvent} (each step they
 *       take, for listeners).
 *   <li>Registry: {@link org.mlengine.serving.ModelRegistry} (versions of each model's bundles,
 *       aliases moved atomically, promote and rollback with an append-only history, retention;
 *       kept in a directory several processes share), {@link org.mlengine.serving.Registration}
 *       (who registers a bundle, why, and its tags), {@link org.mlengine.serving.ModelVersion} and
 *       {@link org.mlengine.serving.AliasMove} (a registry's versions and alias history).
 *   <li>Limits: {@link org.mlengine.serving.Limits} (when a model's answer is refused: low
 *       confidence, an unseen category, a number far outside the training range, too many missing
 *       inputs), {@link org.mlengine.serving.Fallback} (what answers instead: nobody, another
 *       model, a rule or a baseline) and {@link org.mlengine.serving.GuardedPredictor} (a
 *       predictor answering within limits, with its fallback).
 *   <li>Monitoring: {@link org.mlengine.serving.Monitor} (drift, data quality, answers, CBPE,
 *       latency and failures of a live model against its training profile, off the request's
 *       path; meters and debounced alerts), {@link org.mlengine.serving.MonitorSnapshot} (one
 *       window's figures, per column) and {@link org.mlengine.serving.Alert} (a figure that
 *       crossed its threshold).
 *   <li>Observing: {@link org.mlengine.serving.ServingObserver} and {@link
 *       org.mlengine.serving.Served} (each request a deployment served, as its observers see it),
 *       {@link org.mlengine.serving.PredictionLog} (served requests as JSON Lines, rotated,
 *       sampled, masked, crash-safe to a flush interval) and {@link
 *       org.mlengine.serving.LoggedPrediction} (one record), {@link org.mlengine.serving.Feedback}
 *       (labels and user reports joined with the requests: a labelled table, {@link
 *       org.mlengine.serving.OnlineMetric}s with intervals, and a {@link
 *       org.mlengine.serving.Comparison} of champion and shadow).
 *   <li>Abuse: {@link org.mlengine.serving.ClientLimits} (per-client rates with progressive
 *       delays, a quota on near-duplicate queries against model extraction, pins), {@link
 *       org.mlengine.serving.Admission} (admitted, delayed or refused, with why and when to retry)
 *       and {@link org.mlengine.serving.Reputation} (what the limits know about one client).
 * </ul>
 */
package org.mlengine.serving;
