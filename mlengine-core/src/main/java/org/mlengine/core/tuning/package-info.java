/**
 * Model selection: {@link org.mlengine.core.tuning.Tuner} (grid, random and successive-halving
 * search over named parameters, with {@link org.mlengine.core.tuning.Tuner.Params} and {@link
 * org.mlengine.core.tuning.Tuner.Distribution}) gives a {@link
 * org.mlengine.core.tuning.TuningResult} of {@link org.mlengine.core.tuning.Trial}s, reporting
 * {@link org.mlengine.core.tuning.TuningProgress} as it goes.
 *
 * <p>SPI ({@code @API EXPERIMENTAL}): {@link org.mlengine.core.tuning.TrialExecutor} runs each
 * round's {@link org.mlengine.core.tuning.TrialFit}s (one fold of one candidate each) somewhere
 * other than the tuner's threads, e.g. as Spark tasks ({@code MlengineSpark.tune}), and hands
 * back their {@link org.mlengine.core.tuning.TrialFit.Result}s; the tuner does the rest, so the
 * winner and scores are the local ones.
 *
 * <pre>{@code
 * TuningResult tuned = Tuner.grid().param("maxDepth", 3, 5, 8).metric(Metrics.rocAuc())
 *     .fit(p -> Pipeline.builder().target("Status").split(Split.stratified(0.8))
 *         .trainer(Trainers.cart().maxDepth(p.integer("maxDepth"))).seed(42).build(), credit);
 * }</pre>
 */
package org.mlengine.core.tuning;
