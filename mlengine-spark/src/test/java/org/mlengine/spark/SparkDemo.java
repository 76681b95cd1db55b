package org.mlengine.spark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * {@code ./mlengine spark-demo}: the shipped credit and Chicago data read by Spark's own CSV
 * reader on {@code local[2]}, scored with the golden credit bundle and the Chicago window bundle
 * by {@code MlengineSpark.score}, and each answer checked against {@code Predictor.predictAll}
 * on the same file read by {@code Table.readCsv}. Exit status 1 if any answer differs.
 *
 * <pre>{@code
 * ./mlengine spark-demo
 * }</pre>
 */
public final class SparkDemo {
  private SparkDemo() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("mlengine spark-demo")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC").getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    int differing = 0;
    try {   // Spark's threads are not daemons: stopped whatever happens, so the command ends
      differing += demo(spark, "credit_data.csv", LocalSpark.credit(), LocalSpark.golden("credit-logistic.mlb"), "Status");
      differing += demo(spark, "chicago.csv", LocalSpark.chicago(), LocalSpark.golden("chicago-windows.mlb"), "date");
    } finally {
      spark.stop();
    }
    System.out.println(differing == 0 ? "parity: every Spark answer equals Predictor.predictAll's, bit for bit"
        : "parity: " + differing + " answers differ");
    System.exit(differing == 0 ? 0 : 1);
  }

  /** Scores {@code file} in Spark and on one machine; prints the check and returns how many rows differ. */
  static int demo(SparkSession spark, String file, Table table, ModelBundle bundle, String shown) {
    Dataset<Row> rows = spark.read().option("header", true).option("inferSchema", true).option("nullValue", "NA")
        .csv(LocalSpark.resource("data/" + file).toString())
        .coalesce(1).withColumn(LocalSpark.ID, functions.monotonically_increasing_id().cast("int"));
    System.out.printf("%n%s: %d rows read by Spark, schema %s%n", file, rows.count(), rows.schema().simpleString());
    long start = System.nanoTime();
    Dataset<Row> scored = MlengineSpark.score(rows.repartition(2), bundle).cache();
    List<String> outputs = MlengineSpark.scorer(bundle).outputColumns();
    List<Row> collected = scored.collectAsList();
    System.out.printf("scored with bundle %s in %.0f ms on local[2]:%n", ColumnPlan.describe(bundle), (System.nanoTime() - start) / 1e6);
    scored.orderBy(LocalSpark.ID).select(shown, outputs.toArray(String[]::new)).show(5, false);
    List<Prediction> expected = Predictor.of(bundle).predictAll(table);
    Map<Integer, Row> byId = new HashMap<>();
    collected.forEach(r -> byId.put(r.getInt(r.fieldIndex(LocalSpark.ID)), r));
    int same = 0;
    double largest = 0;
    for (int r = 0; r < expected.size(); r++) {
      Row row = byId.get(r);
      Prediction p = expected.get(r);
      boolean equal = row != null;
      for (String column : outputs) {
        if (row == null || column.equals("label")) {
          equal &= row != null && p.label().orElse("").equals(row.getString(row.fieldIndex("label")));
          continue;
        }
        double want = column.equals("value") ? p.value() : p.probability(column.substring(2));
        double got = row.getDouble(row.fieldIndex(column));
        equal &= Double.doubleToRawLongBits(want) == Double.doubleToRawLongBits(got);
        largest = Math.max(largest, Math.abs(want - got));
      }
      same += equal ? 1 : 0;
    }
    System.out.printf("parity with Predictor.predictAll on Table.readCsv(%s): %d of %d rows identical bit for bit,"
        + " largest difference %s%n", file, same, expected.size(), largest);
    scored.unpersist();
    return expected.size() - same;
  }
}
