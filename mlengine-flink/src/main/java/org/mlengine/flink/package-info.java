/**
 * Scoring Apache Flink streams with a bundle: the same answers as the in-process {@code
 * Predictor}, window steps served from Flink keyed state.
 *
 * <ul>
 *   <li>Front door: {@link org.mlengine.flink.FlinkScorer} ({@code FlinkScorer.load(path).score(rows)}).
 *   <li>Result: {@link org.mlengine.flink.ScoredStream}, the scored rows and the refused ones.
 * </ul>
 *
 * <p>Flink is a provided dependency: the job's cluster brings it. The engine (the scoring
 * functions, the row mapping, the keyed-state history, the metrics) is package-private.
 *
 * <pre>{@code
 * ScoredStream scoring = FlinkScorer.load(Path.of("credit.mlb")).score(rows);
 * }</pre>
 */
package org.mlengine.flink;
