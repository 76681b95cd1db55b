/**
 * The core of mlengine: data, splits, the pipeline and the bundle.
 *
 * <p>API, by role:
 *
 * <ul>
 *   <li>Data: {@link org.mlengine.runtime.Table} (read with {@link org.mlengine.runtime.CsvOptions}),
 *       {@link org.mlengine.runtime.Row}, {@link org.mlengine.runtime.Schema}, {@link
 *       org.mlengine.runtime.ColumnType}.
 *   <li>Splitting: {@link org.mlengine.core.Split}, {@link org.mlengine.core.Partition}.
 *   <li>The pipeline: {@link org.mlengine.core.Pipeline}, {@link org.mlengine.core.Trainers},
 *       {@link org.mlengine.core.PipelineResult}, {@link org.mlengine.runtime.FittedPipeline},
 *       {@link org.mlengine.runtime.Scores}, {@link org.mlengine.runtime.Task}.
 *   <li>Model selection: {@link org.mlengine.core.tuning.Tuner} (with {@link org.mlengine.core.tuning.Tuner.Params}
 *       and {@link org.mlengine.core.tuning.Tuner.Distribution}), {@link org.mlengine.core.tuning.TuningResult},
 *       {@link org.mlengine.core.tuning.Trial}, {@link org.mlengine.core.tuning.TuningProgress}.
 *   <li>The bundle: {@link org.mlengine.runtime.ModelBundle}.
 *   <li>Checking the data and the fit: {@link org.mlengine.core.DataChecks} making {@link
 *       org.mlengine.core.DataCheck}s, {@link org.mlengine.runtime.Profile} with {@link
 *       org.mlengine.runtime.ColumnProfile}, the leakage {@link org.mlengine.runtime.Audit} with its
 *       {@link org.mlengine.runtime.AuditFinding}s.
 *   <li>Extension points (implemented by mlengine-features and mlengine-eval): {@link
 *       org.mlengine.core.spi.Extractor}, {@link org.mlengine.core.spi.FitContext}, {@link
 *       org.mlengine.runtime.spi.FittedTransform}, {@link org.mlengine.runtime.spi.TransformCodec}, {@link
 *       org.mlengine.core.spi.Metric}, {@link org.mlengine.core.spi.Outcomes}, and for data augmentation
 *       of the training part {@link org.mlengine.core.spi.Augmenter} with {@link
 *       org.mlengine.core.Augmentation}; {@link org.mlengine.core.spi.ReportWriter} draws {@link
 *       org.mlengine.core.PipelineResult#report} (mlengine-eval implements it), given {@link
 *       org.mlengine.core.ReportInputs} (the table to slice, the tuning search), and returns {@link
 *       org.mlengine.core.ReportFiles}.
 *   <li>Errors: {@link org.mlengine.runtime.InvalidInputException}, {@link
 *       org.mlengine.runtime.CsvFormatException}, {@link org.mlengine.runtime.BundleFormatException}.
 * </ul>
 *
 * <p>Everything else (the Tribuo adapter, the compiled model forms, the JSON helpers) is
 * package-private; no public signature names a Tribuo type. Reading a bundle needs Tribuo only
 * for legacy bundles whose model exists only in Tribuo's form, through one seam,
 * {@code TribuoModelReader}, which core's adapter provides via {@link java.util.ServiceLoader}.
 */
package org.mlengine.core;
