package org.mlengine.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A titled part of a {@link Report}: a short note, a table of strings and numbers, and
 * optionally a chart; rendered in the HTML page and kept with the same numbers in the JSON twin.
 *
 * <pre>{@code
 * ReportSection slices = ReportSection.table("Worst slices",
 *         List.of("column", "value", "rows", "roc_auc"),
 *         List.of(List.of("Job", "partime", 42, 0.61), List.of("Home", "other", 37, 0.66)))
 *     .withNote("slices ranked by how much worse than overall")
 *     .withChart(chart);
 * Report.of(result).section(slices).write(dir);
 * }</pre>
 *
 * @param title the section's heading
 * @param note a sentence or two under the heading (empty for none)
 * @param headers the table's column headers (empty for no table)
 * @param rows the table's rows, one cell per header; a cell is a {@link String} or a {@link
 *     Number} (NaN and infinities print as "n/a" and are {@code null} in the JSON)
 * @param chart the chart drawn under the table, if any
 */
public record ReportSection(String title, String note, List<String> headers, List<List<Object>> rows, Optional<ReportChart> chart) {

  /**
   * Copies the table into immutable lists and checks its shape and cells.
   *
   * @throws IllegalArgumentException if the title is blank, a row has another number of cells
   *     than there are headers, or a cell is neither a String nor a Number
   */
  public ReportSection {
    Check.argument(title != null && !title.isBlank(), "report section: the title is blank; expected a heading, e.g. \"Worst slices\"");
    Check.argument(note != null, "report section '%s': the note is null; pass \"\" for no note", title);
    Check.argument(chart != null, "report section '%s': the chart is null; pass Optional.empty() for no chart", title);
    headers = List.copyOf(headers);
    Check.argument(!headers.isEmpty() || rows.isEmpty(),
        "report section '%s': %d rows but no column headers; expected a header per column, or no rows for a section without a table",
        title, rows.size());
    List<List<Object>> copied = new ArrayList<>(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      List<?> row = rows.get(r);
      Check.argument(row != null && row.size() == headers.size(),
          "report section '%s': row %d has %s cells for %d headers %s; expected one cell per header",
          title, r, row == null ? "no" : String.valueOf(row.size()), headers.size(), headers);
      for (int c = 0; c < row.size(); c++) {
        Object cell = row.get(c);
        Check.argument(cell instanceof String || cell instanceof Number,
            "report section '%s': row %d, column '%s' holds %s; expected a String or a Number — convert it with"
                + " String.valueOf or pass the number itself",
            title, r, headers.get(c), cell == null ? "null" : "a " + cell.getClass().getSimpleName());
      }
      copied.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = List.copyOf(copied);
  }

  /** A section holding only a table. */
  public static ReportSection table(String title, List<String> headers, List<? extends List<?>> rows) {
    return new ReportSection(title, "", headers, copyRows(rows), Optional.empty());
  }

  /** A section holding only a chart. */
  public static ReportSection chart(String title, ReportChart chart) {
    return new ReportSection(title, "", List.of(), List.of(), Optional.of(chart));
  }

  /** A copy with this note under the heading. */
  public ReportSection withNote(String note) {
    return new ReportSection(title, note, headers, rows, chart);
  }

  /** A copy with this chart under the table. */
  public ReportSection withChart(ReportChart chart) {
    return new ReportSection(title, note, headers, rows, Optional.of(chart));
  }

  private static List<List<Object>> copyRows(List<? extends List<?>> rows) {
    List<List<Object>> out = new ArrayList<>(rows.size());
    for (List<?> row : rows) {
      out.add(row == null ? null : new ArrayList<>(row));
    }
    return out;
  }
}
