/**
 * Benchmarks: {@link org.mlengine.bench.BenchRunner} behind {@code ./mlengine bench} and the JMH
 * benchmarks {@link org.mlengine.bench.PredictorBenchmark}, {@link
 * org.mlengine.bench.LimitsBenchmark} (what a limits check costs), {@link
 * org.mlengine.bench.DeploymentBenchmark} (a deployment's routing cost), {@link
 * org.mlengine.bench.WindowBenchmark}, and {@link org.mlengine.bench.HistoryScoringBenchmark} (events
 * scored one at a time through a History); {@link org.mlengine.bench.CsvScaleBenchmark}, our side of
 * {@code csv_scale.py} (CSV read against pandas); {@link org.mlengine.bench.FitScaleBenchmark}, our side of
 * {@code fit_scale.py} (fit against scikit-learn and xgboost); {@link org.mlengine.bench.ObserverBenchmark}
 * (what a monitor and a prediction log add to a predict, at saturation) and {@link
 * org.mlengine.bench.OpenLoopOverhead} (the same at a fixed request rate, open loop). Nothing here
 * is library API.
 */
package org.mlengine.bench;
