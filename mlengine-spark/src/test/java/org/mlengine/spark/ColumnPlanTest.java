package org.mlengine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;

/** What a Dataset that does not fit the bundle is told, before any job runs or from the task. */
class ColumnPlanTest {
  private static final ModelBundle CREDIT = LocalSpark.golden("credit-logistic.mlb");
  private static final String NAME = ColumnPlan.describe(CREDIT);
  private static final Dataset<Row> ROWS = LocalSpark.dataset(LocalSpark.credit().rows(new int[] {0, 1, 2}));

  @Test
  void score_missingColumn_namesItAndHowToAddIt() {
    var e = assertThrows(IllegalArgumentException.class, () -> MlengineSpark.score(ROWS.drop("Income"), CREDIT));
    assertEquals("the Dataset does not fit bundle " + NAME + ":\n- missing column 'Income': the bundle reads 'Income' as NUMERIC."
        + " Add it; nulls are missing values: rows.withColumn(\"Income\", functions.lit(null).cast(\"double\"))", e.getMessage());
  }

  @Test
  void score_columnInAnotherCase_suggestsTheRename() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> MlengineSpark.score(ROWS.withColumnRenamed("Income", "income"), CREDIT));
    assertEquals("the Dataset does not fit bundle " + NAME + ":\n- missing column 'Income': the bundle reads 'Income' as NUMERIC."
        + " The Dataset has 'income'; rename it: rows.withColumnRenamed(\"income\", \"Income\")", e.getMessage());
  }

  @Test
  void score_wrongTypes_listsEveryProblemWithItsCast() {
    Dataset<Row> rows = ROWS.withColumn("Age", functions.col("Age").cast("string"))
        .withColumn("Home", functions.col("Seniority"));
    var e = assertThrows(IllegalArgumentException.class, () -> MlengineSpark.score(rows, CREDIT));
    assertEquals("the Dataset does not fit bundle " + NAME + ":\n"
        + "- column 'Home' is double, but the bundle reads 'Home' as CATEGORICAL (Spark types string, byte, short, int,"
        + " bigint, boolean). Cast it: rows.withColumn(\"Home\", functions.col(\"Home\").cast(\"string\"))\n"
        + "- column 'Age' is string, but the bundle reads 'Age' as NUMERIC (Spark types byte, short, int, bigint, float,"
        + " double, decimal). Cast it: rows.withColumn(\"Age\", functions.col(\"Age\").cast(\"double\"))", e.getMessage());
  }

  @Test
  void score_outputNameTaken_asksForARename() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> MlengineSpark.score(ROWS.withColumn("p_bad", functions.lit(1.0)), CREDIT));
    assertEquals("the Dataset already has column(s) [p_bad], which bundle " + NAME + " appends its predictions as; rename or"
        + " drop them first, e.g. rows.withColumnRenamed(\"p_bad\", \"p_bad_input\")", e.getMessage());
  }

  @Test
  void score_wholeNumbersAndBooleansAsCategories_areTheirText() {
    Table credit = LocalSpark.credit().rows(new int[] {0, 1, 2});
    Dataset<Row> rows = LocalSpark.dataset(credit).withColumn("Records", functions.col("Records").equalTo("yes"));
    // Records' categories are yes/no, so a boolean reads as the unseen 'true'/'false', as in a request.
    Table asText = credit.withCategorical("Records", new String[] {"false", "false", "false"});
    Parity.assertSame(org.mlengine.serving.Predictor.of(CREDIT), asText, MlengineSpark.score(rows, CREDIT));
  }

  @Test
  void score_timestampAsText_asksToParseIt() {
    ModelBundle chicago = LocalSpark.golden("chicago-windows.mlb");
    Dataset<Row> days = LocalSpark.dataset(LocalSpark.chicago().rows(new int[] {0, 1}))
        .withColumn("date", functions.col("date").cast("string")).drop("ridership");
    var e = assertThrows(IllegalArgumentException.class, () -> MlengineSpark.score(days, chicago));
    String message = e.getMessage();
    assertTrue(message.contains("- column 'date' is string, but the bundle reads 'date' as TIMESTAMP (Spark types timestamp,"
        + " timestamp_ntz (read as UTC), date (midnight UTC)). Parse it: rows.withColumn(\"date\","
        + " functions.to_timestamp(functions.col(\"date\")))"), message);
    assertTrue(message.contains("- missing column 'ridership': the bundle's window steps read 'ridership' from each row's"
        + " earlier rows (NUMERIC). Add it;"), message);
  }

  @ParameterizedTest(name = "external rows: {0}")
  @ValueSource(booleans = {false, true})
  void score_infiniteNumber_failsTheTaskNamingThePartitionColumnAndRow(boolean externalRows) {
    // Six rows cut into two partitions of three (parallelize cuts a list in order): the infinite
    // Income is row 2 of partition 1.
    List<Row> list = new ArrayList<>(ROWS.collectAsList());
    list.addAll(ROWS.withColumn("Income", functions.when(functions.col("row_id").equalTo(2), Double.POSITIVE_INFINITY)
        .otherwise(functions.col("Income"))).collectAsList());
    SparkSession spark = LocalSpark.session();
    Dataset<Row> rows = spark.createDataFrame(new JavaSparkContext(spark.sparkContext()).parallelize(list, 2), ROWS.schema());
    SparkScorer scorer = externalRows ? MlengineSpark.scorer(CREDIT).withExternalRows() : MlengineSpark.scorer(CREDIT);
    var e = assertThrows(SparkException.class, () -> scorer.score(rows).collectAsList());
    Throwable cause = e;
    while (cause != null && !(cause instanceof InvalidInputException)) {
      cause = cause.getCause();
    }
    assertTrue(cause != null, () -> "no InvalidInputException under " + e);
    assertEquals("Income", ((InvalidInputException) cause).column());
    String expected = "bundle " + NAME + " refused a row of the batch starting at row 0 of partition 1 of stage ";
    assertTrue(cause.getMessage().matches("(?s)\\Q" + expected + "\\E\\d+ \\(rows counted from 0 there\\): column"
        + " 'Income' is Infinity at row 2.*"), cause.getMessage());
    Throwable original = cause.getCause();
    assertTrue(original instanceof InvalidInputException, () -> "the library's own refusal is not the cause: " + original);
    assertTrue(original.getMessage().startsWith("column 'Income' is Infinity at row 2"), original.getMessage());
  }

  @Test
  void withBatchRows_outOfRange_saysTheRange() {
    var e = assertThrows(IllegalArgumentException.class, () -> MlengineSpark.scorer(CREDIT).withBatchRows(0));
    assertEquals("batchRows is 0; give 1 to 1048576 rows per predictAll call (default 4096)", e.getMessage());
  }
}
