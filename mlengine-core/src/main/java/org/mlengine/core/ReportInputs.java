package org.mlengine.core;

import org.mlengine.core.spi.ReportWriter;
import org.mlengine.core.tuning.TuningResult;
import org.mlengine.runtime.Table;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ReportWriter} may show besides the {@link PipelineResult} itself: the table given
 * to {@code fit} (for the worst slices of its held-out rows) and the tuning search that chose the
 * pipeline. Both are optional; {@link PipelineResult#report(java.nio.file.Path)} passes neither.
 *
 * <pre>{@code
 * ReportInputs inputs = ReportInputs.none().withTable(credit).withTuning(tuned);
 * writer.write(tuned.result(), inputs, Path.of("target/report"));
 * }</pre>
 *
 * @param table the table given to {@code fit}, whose held-out rows are sliced
 * @param tuning the search whose winner the result is
 */
public record ReportInputs(Optional<Table> table, Optional<TuningResult> tuning) {

  /** Checks that both optionals are given. */
  public ReportInputs {
    Objects.requireNonNull(table, "ReportInputs needs a table or Optional.empty(); got null");
    Objects.requireNonNull(tuning, "ReportInputs needs a tuning result or Optional.empty(); got null");
  }

  /** Neither a table nor a tuning result: the report shows the result alone. */
  public static ReportInputs none() {
    return new ReportInputs(Optional.empty(), Optional.empty());
  }

  /** A copy with the table given to {@code fit}. */
  public ReportInputs withTable(Table table) {
    return new ReportInputs(Optional.of(Objects.requireNonNull(table,
        "ReportInputs.withTable(table) needs the table given to fit; got null")), tuning);
  }

  /** A copy with the tuning search whose winner the result is. */
  public ReportInputs withTuning(TuningResult tuning) {
    return new ReportInputs(table, Optional.of(Objects.requireNonNull(tuning,
        "ReportInputs.withTuning(tuning) needs the TuningResult that Tuner.fit returned; got null")));
  }
}
