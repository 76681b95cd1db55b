package org.mlengine.spark;

import java.util.ArrayList;
import java.util.List;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Predictor;

/**
 * Over random tables in the credit bundles' schema (known and unseen categories, empty ones,
 * nulls, NaN, numbers far outside the training range), split into random partitions and batches,
 * on Spark's internal rows, on external ones, from Parquet's column batches or from the column
 * batches of a cache kept by {@link ColumnarCacheSerializer},
 * Spark's answers equal Predictor.predictAll's bit for bit, and a row the bundle refuses fails the
 * Spark job as it fails predictAll.
 */
class SparkScoringProperties {
  private static final List<ModelBundle> BUNDLES = List.of(LocalSpark.golden("credit-logistic.mlb"),
      LocalSpark.golden("credit-cart-regression.mlb"), LocalSpark.golden("credit-sparse-onehot.mlb"));
  /** Every column of the credit data (each bundle reads its own of them), with the data's categories. */
  private static final List<Schema.Field> FIELDS = LocalSpark.credit().schema().columns();

  @Property(tries = 20)
  void score_randomTable_equalsPredictAll(@ForAll("tables") List<List<Object>> cells, @ForAll @IntRange(min = 0, max = 2) int which,
      @ForAll @IntRange(min = 1, max = 3) int partitions, @ForAll @IntRange(min = 1, max = 9) int batchRows,
      @ForAll("paths") String path) {
    ModelBundle bundle = BUNDLES.get(which);
    Predictor predictor = Predictor.of(bundle);
    SparkScorer internal = MlengineSpark.scorer(bundle).withBatchRows(batchRows);
    SparkScorer scorer = path.equals("external") ? internal.withExternalRows() : internal;
    java.util.function.UnaryOperator<Dataset<Row>> source = path.equals("parquet") ? LocalSpark::parquet
        : path.equals("cached") ? Dataset::cache : d -> d;
    // Rows the bundle refuses on its own (a missing value where no step imputes one) are scored apart.
    List<List<Object>> accepted = new ArrayList<>();
    List<List<Object>> refused = new ArrayList<>();
    for (List<Object> row : cells) {
      try {
        predictor.predictAll(table(FIELDS, List.of(row)));
        accepted.add(row);
      } catch (InvalidInputException e) {
        refused.add(row);
      }
    }
    if (!accepted.isEmpty()) {
      scoring(path, source.apply(dataset(FIELDS, accepted).repartition(partitions)),
          input -> Parity.assertSame(predictor, table(FIELDS, accepted), scorer.score(input)));
    }
    if (!refused.isEmpty()) {
      // A refused row fails its task with the bundle's own refusal, as it fails predictAll.
      List<List<Object>> mixed = new ArrayList<>(accepted);
      mixed.add(refused.get(0));
      assertThrows(InvalidInputException.class, () -> predictor.predictAll(table(FIELDS, mixed)));
      scoring(path, source.apply(dataset(FIELDS, mixed).repartition(partitions)), input -> {
        SparkException e = assertThrows(SparkException.class, () -> scorer.score(input).collectAsList());
        assertTrue(causes(e).anyMatch(InvalidInputException.class::isInstance), () -> "no InvalidInputException under " + e);
      });
    }
  }

  /**
   * Runs {@code check} on the input after asserting its path: Parquet and the cache reach the
   * scorer as column batches (no silent fall back to rows), the rows made in memory as rows; then
   * drops the input's cache, so that none piles up in the shared session over the tries.
   */
  private static void scoring(String path, Dataset<Row> input, java.util.function.Consumer<Dataset<Row>> check) {
    try {
      boolean columnar = path.equals("parquet") || path.equals("cached");
      assertEquals(columnar, ColumnarScoring.batches((org.apache.spark.sql.classic.Dataset<Row>) input).isPresent(),
          () -> path + ": column batches expected " + columnar + " for " + input.queryExecution().executedPlan());
      check.accept(input);
    } finally {
      input.unpersist(true);
    }
  }

  /** How the rows reach the scorer: Spark's internal rows, external rows, Parquet's column batches or the cache's (ColumnarCacheSerializer). */
  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.of("internal", "external", "parquet", "cached");
  }

  static java.util.stream.Stream<Throwable> causes(Throwable e) {
    return java.util.stream.Stream.iterate(e, java.util.Objects::nonNull, Throwable::getCause);
  }

  @Provide
  Arbitrary<List<List<Object>>> tables() {
    List<Arbitrary<Object>> columns = new ArrayList<>();
    for (Schema.Field field : FIELDS) {
      columns.add(field.type() == ColumnType.NUMERIC ? number() : category(field.categories()));
    }
    return Combinators.combine(columns).as(values -> (List<Object>) new ArrayList<>(values)).list().ofMinSize(1).ofMaxSize(40);
  }

  private static Arbitrary<Object> number() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.doubles().between(-1e6, 1e7).map(d -> (Object) d)),
        Tuple.of(4, Arbitraries.integers().between(0, 3000).map(i -> (Object) (double) i)),
        Tuple.of(1, Arbitraries.just((Object) null)),
        Tuple.of(1, Arbitraries.just((Object) Double.NaN)),
        Tuple.of(1, Arbitraries.of((Object) (-0.0), (Object) Double.MIN_VALUE)));
  }

  private static Arbitrary<Object> category(List<String> known) {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.of(known).map(c -> (Object) c)),
        Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5).map(c -> (Object) ("new_" + c))),
        Tuple.of(1, Arbitraries.just((Object) null)),
        Tuple.of(1, Arbitraries.just((Object) "")));
  }

  /** The reference: the same cells as a table (null and NaN missing, an empty category missing as in a request). */
  static Table table(List<Schema.Field> fields, List<List<Object>> cells) {
    Table.Builder table = Table.builder();
    for (int c = 0; c < fields.size(); c++) {
      Schema.Field field = fields.get(c);
      if (field.type() == ColumnType.NUMERIC) {
        double[] values = new double[cells.size()];
        for (int r = 0; r < values.length; r++) {
          Object v = cells.get(r).get(c);
          values[r] = v == null ? Double.NaN : (Double) v;
        }
        table.numeric(field.name(), values);
      } else {
        String[] values = new String[cells.size()];
        for (int r = 0; r < values.length; r++) {
          Object v = cells.get(r).get(c);
          values[r] = v == null || v.equals("") ? null : (String) v;
        }
        table.categorical(field.name(), values);
      }
    }
    return table.build();
  }

  static Dataset<Row> dataset(List<Schema.Field> fields, List<List<Object>> cells) {
    List<StructField> schema = new ArrayList<>();
    for (Schema.Field field : fields) {
      schema.add(DataTypes.createStructField(field.name(),
          field.type() == ColumnType.NUMERIC ? DataTypes.DoubleType : DataTypes.StringType, true));
    }
    schema.add(DataTypes.createStructField(LocalSpark.ID, DataTypes.IntegerType, false));
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < cells.size(); r++) {
      List<Object> values = new ArrayList<>(cells.get(r));
      values.add(r);
      rows.add(RowFactory.create(values.toArray()));
    }
    return LocalSpark.session().createDataFrame(rows, DataTypes.createStructType(schema));
  }
}
