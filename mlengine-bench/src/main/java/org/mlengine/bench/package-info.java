/**
 * Benchmarks: {@link org.mlengine.bench.BenchRunner} behind {@code ./mlengine bench} and the JMH
 * benchmarks. Nothing here is library API.
 */
package org.mlengine.bench;
