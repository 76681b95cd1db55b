package org.mlengine.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mlengine.runtime.Audit;
import org.mlengine.runtime.AuditFinding;
import org.mlengine.runtime.ColumnProfile;
import org.mlengine.core.PipelineResult;
import org.mlengine.runtime.Profile;
import org.mlengine.core.tuning.Trial;
import org.mlengine.core.tuning.TuningResult;

/**
 * The report's sections on what the metrics alone do not show: the worst slices, group
 * fairness, the tuning trials, the leakage audit and the data profile, each built from the value
 * that computed it ({@link SliceReport}, {@link FairnessReport}, {@link TuningResult}, {@link
 * Audit}, {@link Profile}).
 */
final class ReportInsights {
  /** The ranked slices shown, worst first. */
  static final int WORST = 10;
  /** The unranked slices named in the slices note; the rest are counted (all are in the JSON twin). */
  static final int UNRANKED_NAMED = 20;

  static final String SLICES = "Worst slices";
  static final String TRIALS = "Tuning trials";
  static final String AUDIT = "Leakage audit";
  static final String FITTED_ON = "Leakage audit: rows each step was fitted on";
  static final String PROFILE = "Data profile";

  private ReportInsights() {}

  /**
   * Whether a result carries an audit and a profile: a result from {@code Pipeline.fit} always
   * profiles at least the target column; the constructor without them leaves both empty.
   */
  static boolean audited(PipelineResult result) {
    return !result.profile().columns().isEmpty() || !result.audit().findings().isEmpty() || !result.audit().fittedOn().isEmpty();
  }

  // ---- worst slices ----

  static ReportSection slices(Optional<SliceReport> report) {
    if (report.isEmpty()) {
      return new ReportSection(SLICES, "Not computed: slicing needs the table given to fit. Write the report with"
          + " result.report(directory, table), or add them with"
          + " Report.of(result).slices(ErrorAnalysis.slices(result, table).run()).", List.of(), List.of(), Optional.empty());
    }
    SliceReport r = report.get();
    List<Slice> worst = r.worst(WORST);
    List<List<Object>> rows = new ArrayList<>();
    double[] rank = new double[worst.size()];
    double[] value = new double[worst.size()];
    for (int i = 0; i < worst.size(); i++) {
      Slice s = worst.get(i);
      rows.add(List.of((long) (i + 1), s.column(), s.label(), (long) s.rows(), s.value().value(), s.value().lower(),
          s.value().upper(), s.worseBy()));
      rank[i] = i + 1;
      value[i] = s.value().value();
    }
    long ranked = r.slices().stream().filter(s -> s.status() == Slice.Status.RANKED).count();
    StringBuilder note = new StringBuilder(String.format(Locale.ROOT,
        "%s on the %d held-out rows: %s (%s). The %d most worse of %d ranked slices, worst first; 'worse by' is how much worse"
            + " than overall, in the metric's units (%s is better). Categorical columns slice by value, numeric ones by"
            + " quantile bins of the training part.",
        r.metricName(), r.testRows(), r.overall(), r.intervalMethod(), worst.size(), ranked,
        r.greaterIsBetter() ? "higher" : "lower"));
    List<String> unranked = new ArrayList<>();
    for (Slice s : r.slices()) {
      if (s.status() == Slice.Status.TOO_SMALL) {
        unranked.add(String.format(Locale.ROOT, "%s (n=%d, fewer than %d rows)", s.label(), s.rows(), r.minRows()));
      } else if (s.status() == Slice.Status.UNDEFINED) {
        unranked.add(String.format(Locale.ROOT, "%s (n=%d, undefined: %s)", s.label(), s.rows(), s.value().note()));
      }
    }
    if (unranked.isEmpty()) {
      note.append(" Every slice is ranked.");
    } else {
      note.append(" Not ranked: ").append(String.join("; ", unranked.subList(0, Math.min(UNRANKED_NAMED, unranked.size()))));
      if (unranked.size() > UNRANKED_NAMED) {
        note.append("; and ").append(unranked.size() - UNRANKED_NAMED).append(" more (all in report.json)");
      }
      note.append('.');
    }
    ReportSection section = new ReportSection(SLICES, note.toString(),
        List.of("rank", "column", "slice", "rows", r.metricName(), "lower", "upper", "worse by"), rows, Optional.empty());
    if (worst.isEmpty()) {
      return section;
    }
    return section.withChart(new ReportChart("Worst slices against overall", "slice rank (1 = worst)", r.metricName(), List.of(
        ReportSeries.points("slices", rank, value),
        ReportSeries.dashed("overall", new double[] {0.5, worst.size() + 0.5},
            new double[] {r.overall().value(), r.overall().value()}))));
  }

  // ---- fairness ----

  static ReportSection fairness(FairnessReport f) {
    List<List<Object>> rows = new ArrayList<>();
    List<Double> x = new ArrayList<>();
    List<Double> selection = new ArrayList<>();
    List<Double> tprX = new ArrayList<>();
    List<Double> tpr = new ArrayList<>();
    for (int i = 0; i < f.groups().size(); i++) {
      GroupRates g = f.groups().get(i);
      rows.add(List.of((long) (i + 1), g.group(), (long) g.rows(), (long) g.selected(), (long) g.positives(),
          g.selectionRate().value(), g.selectionRate().lower(), g.selectionRate().upper(),
          g.truePositiveRate().value(), g.truePositiveRate().lower(), g.truePositiveRate().upper(),
          g.falsePositiveRate().value(), g.falsePositiveRate().lower(), g.falsePositiveRate().upper()));
      x.add(i + 1.0);
      selection.add(g.selectionRate().value());
      if (g.truePositiveRate().defined()) {
        tprX.add(i + 1.0);
        tpr.add(g.truePositiveRate().value());
      }
    }
    String note = String.format(Locale.ROOT, "Groups of '%s' on the %d held-out rows; positive class '%s', selected by %s."
            + " Demographic-parity difference (max − min selection rate) %s; equal-opportunity difference (max − min true"
            + " positive rate) %s (%s).",
        f.column(), f.testRows(), f.positive(), f.decision(), f.demographicParityDifference(), f.equalOpportunityDifference(),
        f.intervalMethod());
    String undefined = f.equalOpportunityDifference().defined() || f.equalOpportunityDifference().note().isEmpty() ? ""
        : " " + f.equalOpportunityDifference().note();
    ReportSection section = new ReportSection("Fairness by " + f.column(), note + undefined,
        List.of("group #", "group", "rows", "selected", "positives", "selection rate", "lower", "upper", "true positive rate",
            "lower", "upper", "false positive rate", "lower", "upper"), rows, Optional.empty());
    List<ReportSeries> series = new ArrayList<>();
    series.add(new ReportSeries("selection rate", ReportSeries.Mark.POINTS, x, selection));
    if (!tpr.isEmpty()) {
      series.add(new ReportSeries("true positive rate", ReportSeries.Mark.POINTS, tprX, tpr));
    }
    return section.withChart(new ReportChart("Rates by group of " + f.column(), "group #", "rate", series));
  }

  // ---- tuning trials ----

  static ReportSection trials(TuningResult tuned) {
    Set<String> names = new LinkedHashSet<>(tuned.best().values().keySet());
    tuned.trials().forEach(t -> names.addAll(t.params().keySet()));
    List<String> headers = new ArrayList<>(List.of("rank", "trial", "candidate", "round"));
    headers.addAll(names);
    headers.addAll(List.of("rows", "mean " + tuned.metric(), "sd", "scores", "duration ms"));
    List<List<Object>> rows = new ArrayList<>();
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    List<Double> bestX = new ArrayList<>();
    List<Double> bestY = new ArrayList<>();
    for (int i = 0; i < tuned.trials().size(); i++) {
      Trial t = tuned.trials().get(i);
      List<Object> row = new ArrayList<>(List.of((long) t.rank(), (long) (i + 1), (long) t.candidate(), (long) t.round()));
      for (String name : names) {
        row.add(cell(t.params().get(name)));
      }
      row.addAll(List.of((long) t.rows(), t.mean(), t.sd(), (long) t.scores().size(), t.duration().toMillis()));
      rows.add(row);
      if (Double.isFinite(t.mean())) {
        x.add(i + 1.0);
        y.add(t.mean());
        if (t.rank() == 1) {
          bestX.add(i + 1.0);
          bestY.add(t.mean());
        }
      }
    }
    StringBuilder note = new StringBuilder("Candidates ranked by " + tuned.metric() + ": the mean over the folds, or the one"
        + " validation score (sd is the population standard deviation). Chosen (rank 1): " + params(tuned.best().values())
        + ". Trials in the order they ran, by round and then candidate.");
    List<Integer> candidates = tuned.candidatesPerRound();
    if (candidates.size() > 1) {
      List<Integer> rowsPerRound = tuned.rowsPerRound();
      List<String> rounds = new ArrayList<>();
      for (int r = 0; r < candidates.size(); r++) {
        rounds.add("round " + r + ": " + candidates.get(r) + " candidates on " + rowsPerRound.get(r) + " rows");
      }
      note.append(" Successive halving, ").append(String.join("; ", rounds)).append('.');
    }
    int undefined = tuned.trials().size() - x.size();
    if (undefined > 0) {
      note.append(' ').append(undefined).append(undefined == 1 ? " trial has" : " trials have")
          .append(" an undefined mean (the metric was undefined on a fold) and is not drawn.");
    }
    ReportSection section = new ReportSection(TRIALS, note.toString(), headers, rows, Optional.empty());
    if (x.isEmpty()) {
      return section;
    }
    List<ReportSeries> series = new ArrayList<>();
    series.add(new ReportSeries("trials", ReportSeries.Mark.POINTS, x, y));
    if (!bestX.isEmpty()) {
      series.add(new ReportSeries("chosen", ReportSeries.Mark.POINTS, bestX, bestY));
    }
    return section.withChart(new ReportChart("Score by trial", "trial", "mean " + tuned.metric(), series));
  }

  private static Object cell(Object value) {
    return value == null ? "" : value instanceof Number n ? n : String.valueOf(value);
  }

  private static String params(Map<String, Object> values) {
    List<String> out = new ArrayList<>();
    values.forEach((k, v) -> out.add(k + " = " + v));
    return String.join(", ", out);
  }

  // ---- leakage audit ----

  static List<ReportSection> audit(PipelineResult result) {
    if (!audited(result)) {
      return List.of(new ReportSection(AUDIT, "Not available: this result carries no leakage audit and no profile (it was"
          + " not made by Pipeline.fit, or by a version before they existed). Refit the pipeline with Pipeline.fit to"
          + " audit it.", List.of(), List.of(), Optional.empty()));
    }
    Audit audit = result.audit();
    List<List<Object>> rows = new ArrayList<>();
    for (AuditFinding f : audit.findings()) {
      String shown = String.join(", ", f.rows().stream().map(String::valueOf).toList());
      rows.add(List.of(f.severity().name(), f.kind().name(), f.columns().isEmpty() ? "(every column)" : String.join(", ", f.columns()),
          (long) f.count(), f.count() > f.rows().size() && !f.rows().isEmpty() ? shown + ", …" : shown, f.message(), f.action()));
    }
    String note = audit.isClean()
        ? "Clean: no held-out row duplicates an earlier part (exactly or after normalization), no group or time overlap, no"
            + " single column predicts the target almost perfectly on held-out rows, no ID-like column, and every fitted"
            + " step saw exactly the training part."
        : audit.findings().size() + (audit.findings().size() == 1 ? " finding" : " findings") + ", most serious first (ERROR "
            + countOf(audit, AuditFinding.Severity.ERROR) + ", WARNING " + countOf(audit, AuditFinding.Severity.WARNING)
            + ", INFO " + countOf(audit, AuditFinding.Severity.INFO) + "). Rows are indices into the table given to fit."
            + " Held-out metrics are optimistic while an ERROR stands.";
    ReportSection findings = new ReportSection(AUDIT, note, audit.isClean() ? List.of()
        : List.of("severity", "kind", "columns", "count", "first rows", "message", "what to do"), rows, Optional.empty());
    List<List<Object>> steps = new ArrayList<>();
    for (Audit.FittedOn f : audit.fittedOn()) {
      steps.add(List.of(f.step(), (long) f.rows(), f.sha256()));
    }
    String stepNote = audit.fittedOn().isEmpty() ? "The pipeline has no fitted steps."
        : "The rows each fitted step recorded it was fitted on (training rows plus rows augmenters added) and the SHA-256"
            + " of the original training rows; " + result.bundle().refit().map(r -> "these are the evaluated fit's, on "
                + r.evaluatedTrainingRows() + " training rows: the final model was refitted on all " + r.fittedRows()
                + " rows, whose SHA-256 (the bundle's training data) is " + result.bundle().trainingDataSha256()
                + ", so the two differ by design.")
            .orElse("the bundle's training data SHA-256 is " + result.bundle().trainingDataSha256() + ".");
    ReportSection fittedOn = new ReportSection(FITTED_ON, stepNote,
        steps.isEmpty() ? List.of() : List.of("step", "rows", "SHA-256 of the training rows"), steps, Optional.empty());
    return List.of(findings, fittedOn);
  }

  private static int countOf(Audit audit, AuditFinding.Severity severity) {
    return (int) audit.findings().stream().filter(f -> f.severity() == severity).count();
  }

  // ---- data profile ----

  static ReportSection profile(PipelineResult result) {
    if (!audited(result)) {
      return new ReportSection(PROFILE, "Not available: this result carries no data profile (it was not made by"
          + " Pipeline.fit, or by a version before profiles existed).", List.of(), List.of(), Optional.empty());
    }
    Profile profile = result.profile();
    List<String> headers = new ArrayList<>(List.of("column", "type", "rows", "missing", "missing share", "distinct", "min"));
    for (double level : ColumnProfile.QUANTILE_LEVELS) {
      headers.add(level == 0.5 ? "median" : String.format(Locale.ROOT, "%d%%", Math.round(level * 100)));
    }
    headers.addAll(List.of("max", "mean", "sd", "top values / other"));
    List<List<Object>> rows = new ArrayList<>();
    for (ColumnProfile c : profile.columns()) {
      List<Object> row = new ArrayList<>(List.of(c.name(), c.type().name(), (long) c.rows(), (long) c.missing(), c.missingShare(),
          (long) c.distinct()));
      int blanks = ColumnProfile.QUANTILE_LEVELS.size() + 4;
      if (c instanceof ColumnProfile.Numeric n) {
        row.add(n.min());
        ColumnProfile.QUANTILE_LEVELS.forEach(level -> row.add(n.quantiles().getOrDefault(level, Double.NaN)));
        row.addAll(List.of(n.max(), n.mean(), n.sd(), ""));
      } else if (c instanceof ColumnProfile.Text t) {
        row.add((long) t.minLength());
        ColumnProfile.QUANTILE_LEVELS.forEach(level -> row.add(""));
        row.addAll(List.of((long) t.maxLength(), t.meanLength(), "", "min, max and mean are lengths in characters"));
      } else if (c instanceof ColumnProfile.Timestamp t) {
        row.add(t.min().map(Object::toString).orElse(""));
        ColumnProfile.QUANTILE_LEVELS.forEach(level -> row.add(""));
        row.addAll(List.of(t.max().map(Object::toString).orElse(""), "", "", ""));
      } else {
        for (int i = 0; i < blanks; i++) {
          row.add("");
        }
        row.add(c instanceof ColumnProfile.Categorical cat ? topValues(cat)
            : c instanceof ColumnProfile.Vector v ? v.dimensions() + " dimensions" : "");
      }
      rows.add(row);
    }
    return new ReportSection(PROFILE, "The training part's " + profile.rows() + " rows, a row per column: the reference the"
        + " bundle keeps for monitoring. Quantiles are numpy's linear ones, sd the population one; categorical columns list"
        + " their " + ColumnProfile.TOP_VALUES + " most frequent values with counts.", headers, rows, Optional.empty());
  }

  private static String topValues(ColumnProfile.Categorical c) {
    return String.join(", ", c.topValues().stream().map(v -> v.value() + " (" + v.count() + ")").toList());
  }
}
