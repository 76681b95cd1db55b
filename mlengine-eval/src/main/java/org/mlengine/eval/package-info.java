/**
 * Evaluation, calibration, online experiments and monitoring, computed as scikit-learn 1.2,
 * SciPy 1.10, statsmodels 0.13 and Evidently compute them.
 *
 * <p>API, by role:
 *
 * <ul>
 *   <li>Front doors (static functions, each class documented with an example): {@link
 *       org.mlengine.eval.Metrics} (metrics as {@link org.mlengine.core.spi.Metric} objects for a
 *       pipeline), {@link org.mlengine.eval.MetricFunctions} (the same metrics as functions of
 *       arrays, as scikit-learn's {@code sklearn.metrics}; {@link
 *       org.mlengine.eval.WeightedMetricFunctions}, from {@code MetricFunctions.weighted(w)} or
 *       {@code unweighted()}, adds {@code sample_weight} and the metrics that did not fit in
 *       it), {@link org.mlengine.eval.Bounds} (confidence intervals, bootstrap, the pipeline's interval
 *       methods; {@link org.mlengine.eval.ProportionMethod} for proportions), {@link
 *       org.mlengine.eval.Business} (cost matrices, user metrics, a decision threshold tuned
 *       on the validation part),
 *       {@link org.mlengine.eval.Calibration} (Platt, isotonic, reliability), {@link
 *       org.mlengine.eval.StatTests} (A/B tests, sample size), {@link org.mlengine.eval.Drift}
 *       (drift measures and monitoring scalars), {@link org.mlengine.eval.Bandits} (UCB1,
 *       Thompson sampling), {@link org.mlengine.eval.Report} (the HTML report and its JSON twin,
 *       with {@link org.mlengine.eval.ReportSection}, {@link org.mlengine.eval.ReportChart} and
 *       {@link org.mlengine.eval.ReportSeries} for added sections; {@link
 *       org.mlengine.eval.EvalReportWriter} serves {@code PipelineResult.report} and {@code
 *       TuningResult.report} and is public only for the service loader).
 *   <li>Analyses of a fitted pipeline (immutable, configured by setters that return copies,
 *       then {@code run()}): {@link org.mlengine.eval.ErrorAnalysis} (a metric per slice of the
 *       held-out rows, worst first) giving a {@link org.mlengine.eval.SliceReport} of {@link
 *       org.mlengine.eval.Slice}s, and {@link org.mlengine.eval.Fairness} (group rates and
 *       parity differences) giving a {@link org.mlengine.eval.FairnessReport} of {@link
 *       org.mlengine.eval.GroupRates}; values with intervals are {@link
 *       org.mlengine.eval.Estimate}s.
 *   <li>Options (enums and small records that say how to compute): {@link
 *       org.mlengine.eval.Average}, {@link org.mlengine.eval.ClassAveraging}, {@link
 *       org.mlengine.eval.KappaWeights}, {@link org.mlengine.eval.KappaOptions}, {@link
 *       org.mlengine.eval.RocOptions}, {@link org.mlengine.eval.Ranking}, {@link org.mlengine.eval.Binning}, {@link
 *       org.mlengine.eval.IsotonicOptions}, {@link org.mlengine.eval.OutOfBounds}, {@link
 *       org.mlengine.eval.Bootstrap}, {@link org.mlengine.eval.Alternative}, {@link
 *       org.mlengine.eval.PValueMethod}, {@link org.mlengine.eval.QuantileMethod}.
 *   <li>Results (immutable records with immutable lists): {@link
 *       org.mlengine.eval.ConfusionMatrix}, {@link org.mlengine.eval.ClassScores}, {@link
 *       org.mlengine.eval.RocCurve}, {@link org.mlengine.eval.PrecisionRecallCurve}, {@link
 *       org.mlengine.eval.ReliabilityCurve}, {@link org.mlengine.eval.Interval}, {@link
 *       org.mlengine.eval.TestResult}, {@link org.mlengine.eval.Effect}, {@link
 *       org.mlengine.eval.Threshold} (with {@code apply} and {@code evaluate}).
 *   <li>Inputs: {@link org.mlengine.eval.Histogram} (counts per bin for the histogram drift
 *       measures).
 *   <li>Fitted values that can be saved and restored: {@link
 *       org.mlengine.eval.PlattCalibrator}, {@link org.mlengine.eval.IsotonicCalibrator} (with
 *       {@code apply(double)}), {@link org.mlengine.eval.BanditState} and its {@link
 *       org.mlengine.eval.Arm}s ({@code toMap()} / {@code of(Map)}, versioned).
 * </ul>
 *
 * <p>Everything else in this package (the special functions, the curve, ranking, resampling and
 * test engines) is package-private.
 *
 * <pre>{@code
 * double auc = Metrics.rocAuc().evaluate(outcomes);
 * double f1 = MetricFunctions.f1(yTrue, yPred, ClassAveraging.macro());
 * Interval ci = Bounds.bootstrapBca(Metrics.rocAuc(), outcomes, Bootstrap.seeded(42));
 * TestResult ab = StatTests.gTest(new long[][] {{120, 880}, {150, 850}});
 * double psi = Drift.psi(referenceScores, currentScores);
 * }</pre>
 */
package org.mlengine.eval;
