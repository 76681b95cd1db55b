package org.mlengine.runtime.internal;

import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.RowBuffer;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;

/**
 * A fitted pipeline compiled for one row at a time: input columns resolved to {@link RowBuffer}
 * slots once, every step a {@link RowKernel}, features gathered straight from the slots into the
 * model. Scoring a row builds no table and no Tribuo example; it allocates only the returned
 * scores. Immutable and thread-safe; each thread scores with its own buffer.
 *
 * <pre>{@code
 * RowScorer scorer = RuntimeAccess.pipelines().rowScorer(fitted).orElseThrow();
 * RowBuffer row = scorer.newBuffer();
 * row.setNumber(scorer.inputSlot(0), 129.0);
 * double[] scores = scorer.score(row);     // class probabilities, or {value} for regression
 * }</pre>
 */
public final class RowScorer {
  private final Slots plan;
  private final int[] inputSlots;
  private final RowKernel[] kernels;
  private final int[] featureSlots;
  private final boolean[] featureIsVector;
  private final int[] featureOffsets;
  private final List<String> featureColumns;
  private final ScoringModel model;
  private final java.util.function.UnaryOperator<double[]> calibrate;

  private RowScorer(Slots plan, int[] inputSlots, List<RowKernel> kernels, int[] featureSlots, boolean[] featureIsVector,
      int[] featureOffsets, List<String> featureColumns, ScoringModel model, java.util.function.UnaryOperator<double[]> calibrate) {
    this.plan = plan;
    this.inputSlots = inputSlots;
    this.kernels = kernels.toArray(RowKernel[]::new);
    this.featureSlots = featureSlots;
    this.featureIsVector = featureIsVector;
    this.featureOffsets = featureOffsets;
    this.featureColumns = List.copyOf(featureColumns);
    this.model = model;
    this.calibrate = calibrate;
  }

  /**
   * Compiles a fitted pipeline, or returns null when one of its steps has no row form or an
   * input column is a VECTOR.
   */
  public static RowScorer compile(Schema inputs, List<FittedTransform> transforms, FeatureMatrix.Layout layout, ScoringModel model,
      java.util.function.UnaryOperator<double[]> calibrate) {
    if (inputs.columns().stream().anyMatch(f -> f.type() == ColumnType.VECTOR)) {
      return null; // a request cannot carry a vector; such pipelines score tables
    }
    Slots slots = new Slots(inputs);
    int[] inputSlots = new int[inputs.columns().size()];
    Map<String, Slots.Binding> initial = slots.bindings();
    for (int i = 0; i < inputSlots.length; i++) {
      inputSlots[i] = initial.get(inputs.columns().get(i).name()).slot();
    }
    List<RowKernel> kernels = new ArrayList<>();
    for (FittedTransform t : transforms) {
      var kernel = t.compile(slots);
      if (kernel.isEmpty()) {
        return null;
      }
      kernels.add(kernel.get());
    }
    Map<String, Slots.Binding> last = slots.bindings();
    int n = layout.columns().size();
    int[] featureSlots = new int[n];
    boolean[] isVector = new boolean[n];
    int[] offsets = new int[n];
    int offset = 0;
    for (int c = 0; c < n; c++) {
      String column = layout.columns().get(c);
      Slots.Binding b = last.get(column);
      if (b == null || (b.type() != ColumnType.NUMERIC && b.type() != ColumnType.VECTOR)
          || (b.type() == ColumnType.VECTOR && b.dimensions().size() != layout.widths().get(c))) {
        throw new IllegalStateException("the steps' row forms do not produce feature column '" + column + "' as the table forms do ("
            + b + "); a step's compile() disagrees with its apply()");
      }
      featureSlots[c] = b.slot();
      isVector[c] = b.type() == ColumnType.VECTOR;
      offsets[c] = offset;
      offset += layout.widths().get(c);
    }
    return new RowScorer(slots, inputSlots, List.copyOf(kernels), featureSlots, isVector, offsets, layout.columns(), model, calibrate);
  }

  /**
   * Receives each row's scores from {@link #scoreAll}.
   *
   * <pre>{@code
   * scorer.scoreAll(table, schema, scorer.newBuffer(), (row, scores) -> out[row] = scores[1]);
   * }</pre>
   */
  @FunctionalInterface
  public interface ScoreSink {
    /** The scores of row {@code row}; the array is the sink's to keep. */
    void accept(int row, double[] scores);
  }

  /**
   * Scores every row of a table through the row kernels, reading the input columns in place
   * (no copies, no per-row tables), with one buffer.
   *
   * @param inputs the table's columns for the input schema's fields, in field order
   * @throws InvalidInputException as {@link #score(RowBuffer)}, for the first row refused
   */
  public void scoreAll(Table table, Schema inputs, RowBuffer row, ScoreSink sink) {
    int fields = inputs.columns().size();
    Column[] columns = new Column[fields];
    for (int i = 0; i < fields; i++) {
      columns[i] = Column.plain(RuntimeAccess.tables().column(table, inputs.columns().get(i).name()));
    }
    for (int r = 0; r < table.rowCount(); r++) {
      for (int i = 0; i < fields; i++) {
        int slot = inputSlots[i];
        Column c = columns[i];
        if (c instanceof Column.Numeric n) {
          row.setNumber(slot, n.values()[r]);
        } else if (c instanceof Column.Categorical cat) {
          row.setString(slot, cat.string(r));
        } else if (c instanceof Column.Text t) {
          row.setString(slot, t.values()[r]);
        } else if (c instanceof Column.Timestamp ts) {
          long millis = ts.millis()[r];
          row.setNumber(slot, millis == Column.MISSING_TIME ? Double.NaN : millis);
        } else {
          throw new IllegalStateException("input column '" + c.name() + "' is " + c.type() + "; a row scorer reads no vectors");
        }
      }
      sink.accept(r, score(row));
    }
  }

  /** The slot of input column {@code field} (its index in the input schema). */
  public int inputSlot(int field) {
    return inputSlots[field];
  }

  /** A fresh buffer for one thread. */
  public RowBuffer newBuffer() {
    return plan.newBuffer();
  }

  /**
   * Runs every step on the row in {@code row} and scores it: class probabilities in the
   * pipeline's class order, or a one-element array holding the regression value.
   *
   * @throws InvalidInputException when a step refuses a value or a feature is missing or not
   *     finite after all steps
   */
  public double[] score(RowBuffer row) {
    for (int k = 0; k < kernels.length; k++) { // indexed: an iterator would allocate per row
      kernels[k].apply(row);
    }
    int n = 0;
    for (int c = 0; c < featureSlots.length; c++) {
      int slot = featureSlots[c];
      if (featureIsVector[c]) {
        int size = row.vectorSize(slot);
        for (int k = 0; k < size; k++) {
          double x = row.vectorValue(slot, k);
          if (!Double.isFinite(x)) {
            throw FeatureMatrix.Layout.notFinite(featureColumns.get(c), x, 0);
          }
          row.feature(n++, featureOffsets[c] + row.vectorIndex(slot, k), x);
        }
      } else {
        double x = row.number(slot);
        if (!Double.isFinite(x)) {
          String name = featureColumns.get(c);
          throw Double.isNaN(x)
              ? new InvalidInputException(name, "feature '" + name + "' is missing (NaN) after all steps at row 0; the model cannot"
                  + " score a missing value. Send a value, or add Features.impute(\"" + name + "\") to the pipeline.")
              : FeatureMatrix.Layout.notFinite(name, x, 0);
        }
        row.feature(n++, featureOffsets[c], x);
      }
    }
    return calibrate.apply(model.score(row.featureIndex, row.featureValue, 0, n));
  }
}
