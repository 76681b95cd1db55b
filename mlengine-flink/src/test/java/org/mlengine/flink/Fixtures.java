package org.mlengine.flink;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.features.Features;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;

/** The shipped bundles and data sets, tables as Flink rows, and a job's output collected. */
final class Fixtures {
  static final Path GOLDEN = Path.of("../mlengine-serving/src/test/resources/golden/format-1");
  static final Path CREDIT_BUNDLE = GOLDEN.resolve("credit-logistic.mlb");
  static final Path CHICAGO_BUNDLE = GOLDEN.resolve("chicago-windows.mlb");
  static final Path CREDIT_DATA = Path.of("../mlengine-core/src/test/resources/credit_data.csv");
  static final Path CHICAGO_DATA = Path.of("../mlengine-examples/src/main/resources/org/mlengine/examples/chicago.csv");

  private Fixtures() {}

  static Table credit() throws IOException {
    return Table.readCsv(CREDIT_DATA);
  }

  static Table chicago() throws IOException {
    return Table.readCsv(CHICAGO_DATA, CsvOptions.defaults().timestamp("date"));
  }

  /** A table's column types as Flink types: numbers as DOUBLE, categories and text as STRING, times as INSTANT. */
  static RowTypeInfo rowType(Table table) {
    List<String> names = table.columnNames();
    TypeInformation<?>[] types = new TypeInformation<?>[names.size()];
    for (int c = 0; c < types.length; c++) {
      types[c] = switch (table.type(names.get(c))) {
        case NUMERIC -> Types.DOUBLE;
        case TIMESTAMP -> Types.INSTANT;
        default -> Types.STRING;
      };
    }
    return new RowTypeInfo(types, names.toArray(new String[0]));
  }

  /** Each table row as a positional Flink row of {@link #rowType}; missing values as null. */
  static List<Row> rows(Table table) {
    List<String> names = table.columnNames();
    List<Row> out = new ArrayList<>(table.rowCount());
    for (int r = 0; r < table.rowCount(); r++) {
      Map<String, Object> values = table.row(r).toMap();
      Row row = new Row(names.size());
      for (int c = 0; c < names.size(); c++) {
        row.setField(c, values.get(names.get(c)));
      }
      out.add(row);
    }
    return out;
  }

  /**
   * The rows as a checkpointed source of parallelism 1 (so each key's rows keep their order),
   * at most {@code perSecond} rows a second (0: no limit).
   */
  static DataStream<Row> source(StreamExecutionEnvironment env, List<Row> rows, RowTypeInfo type, double perSecond) {
    return source(env, rows, type, perSecond > 0 ? RateLimiterStrategy.perSecond(perSecond) : RateLimiterStrategy.noOp());
  }

  /** The rows as a checkpointed source of parallelism 1, paced by the given limiter. */
  static DataStream<Row> source(StreamExecutionEnvironment env, List<Row> rows, RowTypeInfo type, RateLimiterStrategy<?> limit) {
    Row[] all = rows.toArray(new Row[0]);
    DataGeneratorSource<Row> source = new DataGeneratorSource<>(i -> all[(int) (long) i], all.length, limit, type);
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), "rows").setParallelism(1);
  }

  /**
   * The MiniCluster's environment with Kryo fallback switched off ({@code pipeline.generic-types:
   * false}): a row type or state that fell back to Kryo would fail the job, so every test job
   * proves the scorer's rows and keyed state use Flink's own serializers (RowSerializer, byte
   * arrays) and never Kryo.
   */
  static StreamExecutionEnvironment env(int parallelism) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    org.apache.flink.configuration.Configuration config = new org.apache.flink.configuration.Configuration();
    config.set(org.apache.flink.configuration.PipelineOptions.GENERIC_TYPES, false);
    env.configure(config);
    env.setParallelism(parallelism);
    return env;
  }

  /** Drains an iterator. */
  static <T> List<T> drain(CloseableIterator<T> it) throws Exception {
    List<T> out = new ArrayList<>();
    try (it) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  /**
   * A small keyed window bundle: per store, sales windows over 7 days and the last 3 days' lags,
   * fitted on {@link #stores} with a regression tree.
   */
  static ModelBundle storeBundle() {
    return Pipeline.builder()
        .target("sales")
        .split(Split.timeOrdered("day", 0.8))
        .add(Features.window("sales").by("store").orderedBy("day").over(Duration.ofDays(7)).mean().max())
        .add(Features.window("sales").by("store").orderedBy("day").last(3).lag(1).lag(3))
        .add(Features.impute("sales_mean_7d", "sales_max_7d", "sales_lag1", "sales_lag3").median())
        .add(Features.oneHot("store"))
        .trainer(Trainers.cart().maxDepth(5))
        .seed(7)
        .build()
        .fit(stores(4, 60, 11))
        .bundle()
        .withLabel("stores");
  }

  /** Daily sales of {@code stores} stores over {@code days} days, in time order, store after store each day. */
  static Table stores(int stores, int days, long seed) {
    java.util.Random random = new java.util.Random(seed);
    int n = stores * days;
    String[] store = new String[n];
    Instant[] day = new Instant[n];
    double[] sales = new double[n];
    double[] price = new double[n];
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    for (int d = 0, r = 0; d < days; d++) {
      for (int s = 0; s < stores; s++, r++) {
        store[r] = "s" + s;
        day[r] = start.plus(Duration.ofDays(d));
        price[r] = 5 + random.nextInt(10);
        sales[r] = 100 + 20 * s + 10 * Math.sin(d / 3.0) - 2 * price[r] + random.nextGaussian() * 5;
      }
    }
    Table.Builder b = Table.builder().categorical("store", store).numeric("sales", sales).numeric("price", price);
    b.timestamp("day", day);
    return b.build();
  }
}
