/**
 * Benchmarks: {@link org.mlengine.bench.BenchRunner} behind {@code ./mlengine bench} and the JMH
 * benchmarks {@link org.mlengine.bench.PredictorBenchmark} and {@link
 * org.mlengine.bench.WindowBenchmark}. Nothing here is library API.
 */
package org.mlengine.bench;
