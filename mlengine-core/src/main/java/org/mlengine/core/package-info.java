/**
 * The core of mlengine: splits, the pipeline, training (mlengine's own L-BFGS and histogram
 * trees, XGBoost4J, Tribuo's SGD) and the bundle it writes.
 * Tables, bundles and scoring live in the runtime ({@link org.mlengine.runtime}), which core
 * builds on.
 *
 * <pre>{@code
 * PipelineResult result = Pipeline.builder().target("Status").split(Split.stratified(0.8))
 *     .trainer(Trainers.logisticRegression()).seed(42).build().fit(credit);
 * result.bundle().save(Path.of("credit.mlb"));
 * }</pre>
 *
 * <p>API, by role:
 *
 * <ul>
 *   <li>Splitting: {@link org.mlengine.core.Split}, {@link org.mlengine.core.Partition}.
 *   <li>The pipeline: {@link org.mlengine.core.Pipeline}, {@link org.mlengine.core.Trainers}
 *       making {@link org.mlengine.core.Trainer}s, {@link org.mlengine.core.PipelineResult}.
 *   <li>Checking the data before the split: {@link org.mlengine.core.DataChecks} making {@link
 *       org.mlengine.core.DataCheck}s.
 *   <li>Data augmentation of the training part: {@link org.mlengine.core.Augmentation}, made by
 *       an {@link org.mlengine.core.spi.Augmenter}.
 *   <li>The report: {@link org.mlengine.core.PipelineResult#report} writes {@link
 *       org.mlengine.core.ReportFiles} from {@link org.mlengine.core.ReportInputs} (the table to
 *       slice, the tuning search); mlengine-eval draws it.
 * </ul>
 *
 * <p>Model selection is in {@link org.mlengine.core.tuning}; extension points (extractors,
 * metrics, calibrators, augmenters, the report writer) in {@link org.mlengine.core.spi}; the
 * leakage audit's engine in {@code org.mlengine.core.internal} (its findings travel in the
 * bundle as {@link org.mlengine.runtime.Audit}). The Tribuo adapter is package-private here; no
 * public signature names a Tribuo type.
 */
package org.mlengine.core;
