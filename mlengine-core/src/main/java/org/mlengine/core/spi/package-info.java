/**
 * Extension points of the pipeline, each marked with its stability ({@code
 * org.apiguardian.api.API}): feature steps ({@link org.mlengine.core.spi.Extractor}, fitted
 * within a {@link org.mlengine.core.spi.FitContext}; {@link
 * org.mlengine.core.spi.EventExtractor} for steps that read each row's past), metrics ({@link
 * org.mlengine.core.spi.Metric} over {@link org.mlengine.core.spi.Outcomes}, with an {@link
 * org.mlengine.core.spi.IntervalMethod}), probability calibration ({@link
 * org.mlengine.core.spi.Calibrator}), data augmentation ({@link
 * org.mlengine.core.spi.Augmenter}) and the report ({@link org.mlengine.core.spi.ReportWriter}).
 * mlengine-features and mlengine-eval implement them; so can you.
 *
 * <pre>{@code
 * Metric meanScore = new Metric() {
 *   public String name() { return "mean_score"; }
 *   public double compute(Outcomes o) { ... }
 * };
 * }</pre>
 */
package org.mlengine.core.spi;
