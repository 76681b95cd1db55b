package org.mlengine.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.Task;
import org.mlengine.serving.Prediction;

/**
 * The prediction columns appended to each row, named as {@code Predictor.predictCsv} names them:
 * {@code label} and one {@code p_<class>} per class in the bundle's class order
 * (classification), or {@code value} (regression).
 */
final class Outputs implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] classes;
  private final boolean regression;
  /** The class names in Spark's internal form, made once per executor rather than once per row. */
  private transient org.apache.spark.unsafe.types.UTF8String[] labels;
  /** The class names as UTF-8, for the columnar scorer's label vector; made once per executor. */
  private transient byte[][] labelBytes;

  private Outputs(List<String> classes, boolean regression) {
    this.classes = classes.toArray(String[]::new);
    this.regression = regression;
  }

  static Outputs of(FittedPipeline pipeline) {
    return new Outputs(pipeline.classes(), pipeline.task() == Task.REGRESSION);
  }

  /** The appended column names, in order. */
  List<String> names() {
    List<String> out = new ArrayList<>();
    if (regression) {
      out.add("value");
    } else {
      out.add("label");
      for (String c : classes) {
        out.add("p_" + c);
      }
    }
    return List.copyOf(out);
  }

  /**
   * {@code input}'s first {@code keep} fields followed by the prediction columns.
   *
   * @throws IllegalArgumentException when an input column already has an output's name
   */
  StructType schema(StructType input, int keep, String bundle) {
    List<StructField> fields = new ArrayList<>(List.of(input.fields()).subList(0, keep));
    List<String> clashes = new ArrayList<>();
    for (String name : names()) {
      if (fields.stream().anyMatch(f -> f.name().equalsIgnoreCase(name))) {
        clashes.add(name);
      }
      boolean label = !regression && name.equals("label");
      fields.add(DataTypes.createStructField(name, label ? DataTypes.StringType : DataTypes.DoubleType, label));
    }
    if (!clashes.isEmpty()) {
      String first = clashes.get(0);
      throw new IllegalArgumentException("the Dataset already has column(s) " + clashes + ", which bundle " + bundle
          + " appends its predictions as; rename or drop them first, e.g. rows.withColumnRenamed(\"" + first + "\", \""
          + first + "_input\")");
    }
    return DataTypes.createStructType(fields);
  }

  /** The prediction's values in Spark's internal forms (the label as UTF8String), in column order. */
  Object[] values(Prediction p) {
    if (regression) {
      return new Object[] {p.value()};
    }
    if (labels == null) {
      org.apache.spark.unsafe.types.UTF8String[] made = new org.apache.spark.unsafe.types.UTF8String[classes.length];
      for (int c = 0; c < classes.length; c++) {
        made[c] = org.apache.spark.unsafe.types.UTF8String.fromString(classes[c]);
      }
      labels = made;
    }
    Object[] values = new Object[1 + classes.length];
    String label = p.label().orElse(null);
    for (int c = 0; c < classes.length; c++) {
      values[1 + c] = p.probability(classes[c]);
      if (classes[c].equals(label)) {
        values[0] = labels[c];
      }
    }
    return values;
  }

  /** The prediction columns' vectors, one per {@link #names()}, for {@code rows} rows. */
  org.apache.spark.sql.execution.vectorized.WritableColumnVector[] vectors(int rows) {
    org.apache.spark.sql.execution.vectorized.WritableColumnVector[] out =
        new org.apache.spark.sql.execution.vectorized.WritableColumnVector[regression ? 1 : 1 + classes.length];
    for (int c = 0; c < out.length; c++) {
      boolean label = !regression && c == 0;
      out[c] = new org.apache.spark.sql.execution.vectorized.OnHeapColumnVector(rows, label ? DataTypes.StringType : DataTypes.DoubleType);
    }
    return out;
  }

  /** Writes the prediction's values into row {@code row} of {@link #vectors} (the label as UTF-8 bytes, null when none). */
  void write(Prediction p, org.apache.spark.sql.execution.vectorized.WritableColumnVector[] out, int row) {
    if (regression) {
      out[0].putDouble(row, p.value());
      return;
    }
    if (labelBytes == null) {
      byte[][] made = new byte[classes.length][];
      for (int c = 0; c < classes.length; c++) {
        made[c] = classes[c].getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
      labelBytes = made;
    }
    String label = p.label().orElse(null);
    boolean labelled = false;
    for (int c = 0; c < classes.length; c++) {
      out[1 + c].putDouble(row, p.probability(classes[c]));
      if (!labelled && classes[c].equals(label)) {
        out[0].putByteArray(row, labelBytes[c]);
        labelled = true;
      }
    }
    if (!labelled) {
      out[0].putNull(row);
    }
  }

  /** {@code row}'s first {@code keep} values followed by the prediction's. */
  Row row(Row row, int keep, Prediction p) {
    Object[] values = new Object[keep + (regression ? 1 : 1 + classes.length)];
    for (int i = 0; i < keep; i++) {
      values[i] = row.get(i);
    }
    if (regression) {
      values[keep] = p.value();
    } else {
      values[keep] = p.label().orElse(null);
      for (int c = 0; c < classes.length; c++) {
        values[keep + 1 + c] = p.probability(classes[c]);
      }
    }
    return RowFactory.create(values);
  }
}
