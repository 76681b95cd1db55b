package org.mlengine.runtime;

import org.mlengine.runtime.internal.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The leakage audit of one {@code Pipeline.fit(Table)}: what it found, and the rows every fitted
 * step recorded it was fitted on. The bundle's manifest keeps it under {@code "audit"}.
 *
 * <pre>{@code
 * PipelineResult result = pipeline.fit(table);
 * System.out.println(result.audit());            // "leakage audit: clean" or one line per finding
 * result.audit().atLeast(AuditFinding.Severity.ERROR).forEach(f -> System.err.println(f.action()));
 * }</pre>
 *
 * <p>What it checks: rows of the held-out parts identical to, or equal after normalization
 * to, a row of an earlier part; group values in more than one part; held-out rows earlier than
 * training rows; single columns whose held-out ROC AUC (or |correlation|, for regression)
 * against the target is at least 0.95; columns with a distinct value in at least 95% of the
 * rows; steps fitted on other rows than the training part; window or aggregate steps that count
 * events at a row's own cutoff instant.
 *
 * @param findings what the audit found, most serious first, in a fixed order
 * @param fittedOn per fitted step, in pipeline order, the rows it was fitted on; window and
 *     aggregate steps ({@code EventExtractor}) learn nothing from rows and are not listed: they
 *     read each row's past over the whole table by design
 */
public record Audit(List<AuditFinding> findings, List<FittedOn> fittedOn) {

  /** Copies the lists. */
  public Audit {
    findings = List.copyOf(findings);
    fittedOn = List.copyOf(fittedOn);
  }

  /**
   * The rows one fitted step was fitted on: how many (original training rows plus rows augmenters
   * added) and the SHA-256 of the original rows (the bundle's {@code trainingData} fingerprint; in a pipeline with window or aggregate
   * steps, of the training rows with the columns those steps added).
   *
   * <pre>{@code
   * for (Audit.FittedOn step : result.audit().fittedOn()) {
   *   System.out.println(step.step() + " fitted on " + step.rows() + " rows");
   * }
   * }</pre>
   *
   * @param step the step's name
   * @param rows the number of rows it was fitted on
   * @param sha256 the hex SHA-256 of the original training rows it was fitted on
   */
  public record FittedOn(String step, int rows, String sha256) {
    /** Checks the fields. */
    public FittedOn {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /** Whether the audit found nothing. */
  public boolean isClean() {
    return findings.isEmpty();
  }

  /** The findings at or above a severity. */
  public List<AuditFinding> atLeast(AuditFinding.Severity severity) {
    return findings.stream().filter(f -> f.severity().compareTo(severity) >= 0).toList();
  }

  /** The findings of one kind. */
  public List<AuditFinding> of(AuditFinding.Kind kind) {
    return findings.stream().filter(f -> f.kind() == kind).toList();
  }

  /** The audit as JSON-ready values: {@code {"findings": [...], "fittedOn": [...]}}. */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("findings", findings.stream().map(AuditFinding::toMap).toList());
    List<Object> steps = new ArrayList<>();
    for (FittedOn f : fittedOn) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("step", f.step());
      s.put("rows", f.rows());
      s.put("sha256", f.sha256());
      steps.add(s);
    }
    out.put("fittedOn", steps);
    return out;
  }

  @Override
  public String toString() {
    if (findings.isEmpty()) {
      return "leakage audit: clean (" + fittedOn.size() + " fitted steps saw exactly the training part)";
    }
    StringBuilder s = new StringBuilder("leakage audit: " + findings.size() + (findings.size() == 1 ? " finding" : " findings"));
    for (AuditFinding f : findings) {
      s.append("\n- ").append(f);
    }
    return s.toString();
  }

  /** Reads the form {@link #toMap()} writes, as stored in a bundle's manifest. */
  static Audit fromJson(JsonNode node, String entry) throws BundleFormatException {
    List<AuditFinding> findings = new ArrayList<>();
    for (JsonNode f : Json.field(node, "findings", entry)) {
      List<Integer> rows = new ArrayList<>();
      for (JsonNode r : Json.field(f, "rows", entry)) {
        rows.add(r.intValue());
      }
      findings.add(new AuditFinding(
          enumValue(AuditFinding.Kind.class, Json.text(f, "kind", entry), entry),
          enumValue(AuditFinding.Severity.class, Json.text(f, "severity", entry), entry),
          Json.stringList(Json.field(f, "columns", entry), "audit finding columns", entry),
          Json.field(f, "count", entry).intValue(),
          rows,
          Json.text(f, "message", entry),
          Json.text(f, "action", entry)));
    }
    List<FittedOn> fittedOn = new ArrayList<>();
    for (JsonNode s : Json.field(node, "fittedOn", entry)) {
      fittedOn.add(new FittedOn(Json.text(s, "step", entry), Json.field(s, "rows", entry).intValue(), Json.text(s, "sha256", entry)));
    }
    return new Audit(findings, fittedOn);
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String entry) throws BundleFormatException {
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw new BundleFormatException("audit " + type.getSimpleName() + " '" + value + "' in " + entry + " is not one of "
          + java.util.Arrays.toString(type.getEnumConstants()), e);
    }
  }
}
