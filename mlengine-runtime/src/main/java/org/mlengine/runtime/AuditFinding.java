package org.mlengine.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thing the leakage audit found: its kind, how serious it is, the columns and rows
 * involved, what was observed and what to do about it.
 *
 * <pre>{@code
 * for (AuditFinding f : result.audit().findings()) {
 *   System.out.println(f.severity() + " " + f.kind() + " " + f.columns() + ": " + f.message() + " " + f.action());
 * }
 * }</pre>
 *
 * @param kind what was found
 * @param severity how serious it is
 * @param columns the columns involved (empty when the finding is about whole rows of every column)
 * @param count how many rows (held-out rows, for duplicates and overlaps), groups or steps are involved
 * @param rows the first few rows involved, as indices into the table given to {@code fit}
 * @param message what was observed, with the numbers
 * @param action what to do about it
 */
public record AuditFinding(Kind kind, Severity severity, List<String> columns, int count, List<Integer> rows, String message,
    String action) {

  /** How many row indices a finding keeps. */
  public static final int ROWS_KEPT = 5;

  /** Checks the fields and copies the lists. */
  public AuditFinding {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(severity, "severity");
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(action, "action");
  }

  /**
   * What a finding is about.
   *
   * <pre>{@code
   * boolean duplicates = result.audit().findings().stream()
   *     .anyMatch(f -> f.kind() == AuditFinding.Kind.EXACT_DUPLICATES);
   * }</pre>
   */
  public enum Kind {
    /** Held-out rows identical (every feature and the target) to a row of an earlier part. */
    EXACT_DUPLICATES,
    /** Held-out rows equal to a row of an earlier part after normalization, but not identical. */
    NEAR_DUPLICATES,
    /** Values of a group column found in more than one part. */
    GROUP_OVERLAP,
    /** Held-out rows earlier than training rows. */
    TIME_OVERLAP,
    /** A single column that predicts the target on held-out rows almost perfectly. */
    PREDICTIVE_FEATURE,
    /**
     * A column with a distinct value in (nearly) every row and no order or scale: categories, or
     * near-sequential whole numbers, like a row number or customer id (not a unique measurement).
     */
    ID_LIKE_COLUMN,
    /** A fitted step whose recorded training rows are not the training part. */
    FITTED_ON_OTHER_ROWS,
    /** A window or aggregate step that counts events at a row's own cutoff instant. */
    INCLUSIVE_CUTOFF
  }

  /**
   * How serious a finding is, from least to most.
   *
   * <pre>{@code
   * List<AuditFinding> serious = result.audit().findings().stream()
   *     .filter(f -> f.severity().compareTo(AuditFinding.Severity.WARNING) >= 0).toList();
   * }</pre>
   */
  public enum Severity {
    /** Worth knowing; rarely a problem. */
    INFO,
    /** Likely to make held-out metrics optimistic; look at it. */
    WARNING,
    /** Held-out metrics cannot be trusted until it is fixed. */
    ERROR
  }

  /** The finding as JSON-ready values. */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", kind.name());
    out.put("severity", severity.name());
    out.put("columns", columns);
    out.put("count", count);
    out.put("rows", rows);
    out.put("message", message);
    out.put("action", action);
    return out;
  }

  @Override
  public String toString() {
    String where = rows.isEmpty() ? "" : " (rows " + rows.toString().replace("]", count > rows.size() ? ", ...]" : "]") + ")";
    return severity + " " + kind + (columns.isEmpty() ? "" : " " + columns) + where + ": " + message + " " + action;
  }
}
