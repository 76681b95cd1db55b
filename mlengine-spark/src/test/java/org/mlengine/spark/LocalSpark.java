package org.mlengine.spark;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;

/**
 * The tests' Spark: one {@code local[2]} session for the whole test JVM (every test class shares
 * it; it stops with the JVM), without the web UI, with two shuffle partitions and the cache kept by
 * {@link ColumnarCacheSerializer} (or by Spark's own serializer when the system property
 * {@value #SPARK_CACHE} is true: the pom's {@code spark-own-cache} execution, a JVM of its own, as
 * the setting is static), and the shipped data sets as tables and as Datasets holding the same values.
 */
final class LocalSpark {
  /** The column the tests number rows with, to match Spark's answers to the table's rows. */
  static final String ID = "row_id";

  /** The system property that leaves the cache to Spark's own serializer (SparkOwnCacheTest's JVM). */
  static final String SPARK_CACHE = "mlengine.spark.test.sparkOwnCache";

  private static SparkSession session;

  private LocalSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      SparkSession.Builder builder = SparkSession.builder()
          .master("local[2]")
          .appName("mlengine-spark tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.default.parallelism", "2")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.session.timeZone", "UTC");
      if (!Boolean.getBoolean(SPARK_CACHE)) {
        // Every cache() of the tests is kept as columns that Spark scans as batches (read when the session starts).
        builder.config("spark.sql.cache.serializer", ColumnarCacheSerializer.class.getName());
      }
      session = builder.getOrCreate();
    }
    return session;
  }

  static ModelBundle golden(String name) {
    try {
      return ModelBundle.load(resource("golden/format-1/" + name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path resource(String name) {
    try {
      return Path.of(LocalSpark.class.getResource("/" + name).toURI());
    } catch (java.net.URISyntaxException | NullPointerException e) {
      throw new IllegalStateException(name + " is missing from the test resources (see the pom's testResources)", e);
    }
  }

  static Table credit() {
    return csv("data/credit_data.csv", CsvOptions.defaults());
  }

  static Table chicago() {
    return csv("data/chicago.csv", CsvOptions.defaults().timestamp("date"));
  }

  static Table foods(String file) {
    return csv("data/" + file, CsvOptions.defaults().text("review").categorical("product", "score"));
  }

  static Table csv(String name, CsvOptions options) {
    try (Reader reader = new InputStreamReader(LocalSpark.class.getResourceAsStream("/" + name), StandardCharsets.UTF_8)) {
      return Table.readCsv(reader, name, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The table as a Dataset holding the same values: NUMERIC as double (missing as null),
   * CATEGORICAL and TEXT as string, TIMESTAMP as timestamp; then the row's index as {@link #ID}.
   */
  static Dataset<Row> dataset(Table table) {
    List<StructField> fields = new ArrayList<>();
    for (String name : table.columnNames()) {
      fields.add(DataTypes.createStructField(name, sparkType(table, name), true));
    }
    fields.add(DataTypes.createStructField(ID, DataTypes.IntegerType, false));
    List<Row> rows = new ArrayList<>(table.rowCount());
    List<String> names = table.columnNames();
    for (int r = 0; r < table.rowCount(); r++) {
      Object[] values = new Object[names.size() + 1];
      for (int c = 0; c < names.size(); c++) {
        values[c] = value(table, names.get(c), r);
      }
      values[names.size()] = r;
      rows.add(RowFactory.create(values));
    }
    return session().createDataFrame(rows, DataTypes.createStructType(fields));
  }

  /**
   * The rows written as Parquet files (in a temporary folder, deleted when the JVM ends) and read
   * back: a Dataset whose plan makes column batches (Spark's vectorized Parquet reader).
   */
  static Dataset<Row> parquet(Dataset<Row> rows) {
    try {
      Path folder = java.nio.file.Files.createTempDirectory("mlengine-spark-test");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try (var files = java.nio.file.Files.walk(folder)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
          // a leftover temporary folder is harmless
        }
      }));
      String path = folder.resolve("rows.parquet").toString();
      rows.write().parquet(path);
      return session().read().parquet(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DataType sparkType(Table table, String name) {
    return switch (table.type(name)) {
      case NUMERIC -> DataTypes.DoubleType;
      case CATEGORICAL, TEXT -> DataTypes.StringType;
      case TIMESTAMP -> DataTypes.TimestampType;
      case VECTOR -> throw new IllegalArgumentException("no VECTOR columns in the test data");
    };
  }

  private static Object value(Table table, String name, int r) {
    if (table.isMissing(name, r)) {
      return null;
    }
    return switch (table.type(name)) {
      case NUMERIC -> table.numeric(name, r);
      case CATEGORICAL, TEXT -> table.string(name, r);
      case TIMESTAMP -> new Timestamp(table.timestamp(name, r));
      case VECTOR -> throw new IllegalArgumentException("no VECTOR columns in the test data");
    };
  }
}
