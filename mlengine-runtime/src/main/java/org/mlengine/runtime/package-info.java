/**
 * The runtime: everything a saved bundle needs to be loaded and scored, and nothing else (no
 * Tribuo, no ND4J, no Guava, no fit code; Jackson only). {@code mlengine-serving}'s {@code Predictor} runs
 * on it alone; {@code mlengine-core} fits pipelines on it.
 *
 * <pre>{@code
 * Table requests = Table.readCsv(Path.of("applicants.csv"));
 * ModelBundle bundle = ModelBundle.load(Path.of("credit.mlb"));     // verified before parsed
 * Scores scores = bundle.pipeline().score(requests);
 * }</pre>
 *
 * <p>API, by role:
 *
 * <ul>
 *   <li>Data: {@link org.mlengine.runtime.Table} (read with {@link org.mlengine.runtime.CsvOptions},
 *       or visited in constant memory through a {@link org.mlengine.runtime.CsvScan}),
 *       {@link org.mlengine.runtime.Row}, {@link org.mlengine.runtime.Schema}, {@link
 *       org.mlengine.runtime.ColumnType}, {@link org.mlengine.runtime.SparseVector} (over an {@link
 *       org.mlengine.runtime.IntArray} and a {@link org.mlengine.runtime.DoubleArray}).
 *   <li>The bundle: {@link org.mlengine.runtime.ModelBundle} (read within {@link
 *       org.mlengine.runtime.BundleLimits}, signatures checked by a {@link
 *       org.mlengine.runtime.TrustPolicy}), holding a {@link org.mlengine.runtime.FittedPipeline}
 *       that gives {@link org.mlengine.runtime.Scores} for a {@link org.mlengine.runtime.Task},
 *       with {@link org.mlengine.runtime.CalibrationMap}s, the held-out {@link
 *       org.mlengine.runtime.MetricEstimate}s, the training rows' {@link
 *       org.mlengine.runtime.Fingerprint}, the training {@link org.mlengine.runtime.Profile} of
 *       {@link org.mlengine.runtime.ColumnProfile}s, the leakage {@link
 *       org.mlengine.runtime.Audit} with its {@link org.mlengine.runtime.AuditFinding}s, and the
 *       {@link org.mlengine.runtime.Refit} of a model refitted on every row after its evaluation.
 *   <li>Each request's past, for window and aggregate steps: a {@link
 *       org.mlengine.runtime.History} of events from {@link org.mlengine.runtime.EventSource}s,
 *       read by {@link org.mlengine.runtime.EventQuery}s, kept for a {@link
 *       org.mlengine.runtime.Retention}.
 *   <li>Named features shared by models: a {@link org.mlengine.runtime.FeatureView} (a versioned,
 *       fingerprinted definition of windows and aggregates over one event source, read from JSON)
 *       gives an entity's {@link org.mlengine.runtime.FeatureValues} as of an instant from a
 *       History, and the point-in-time join of labelled rows against an events table.
 *   <li>Errors: {@link org.mlengine.runtime.InvalidInputException}, {@link
 *       org.mlengine.runtime.CsvFormatException}, {@link org.mlengine.runtime.BundleFormatException}.
 * </ul>
 *
 * <p>Extension points for steps of your own are in {@link org.mlengine.runtime.spi}; the engine
 * (compiled models, the row scorer, JSON, CSV parsing, the built-in steps' kernels) is in
 * {@code org.mlengine.runtime.internal}, not API, or package-private here.
 */
package org.mlengine.runtime;
