package org.mlengine.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * A bundle swapped into a running job through broadcast state: the rows after the swap are scored
 * by the new bundle, those before by the old, each bit for bit as its own {@code Predictor}
 * scores it, with no restart; bytes that are not a bundle, sent first, are refused and change
 * nothing; a window bundle cannot be made swappable.
 */
class SwapTest {
  /** How many rows the rows source has generated. */
  static final java.util.concurrent.atomic.AtomicInteger GENERATED = new java.util.concurrent.atomic.AtomicInteger();

  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @Test
  void score_withABundleSwappedMidStream_scoresEachRowWithTheBundleThatHeldThen() throws Exception {
    Table credit = Fixtures.credit();
    StreamExecutionEnvironment env = Fixtures.env(2);
    RowTypeInfo type = Fixtures.rowType(credit);
    Row[] all = Fixtures.rows(credit).toArray(new Row[0]);
    GENERATED.set(0);
    DataStream<Row> rows = env.fromSource(new DataGeneratorSource<>(i -> {
      GENERATED.incrementAndGet();
      return all[(int) (long) i];
    }, all.length, RateLimiterStrategy.perSecond(3_000), type), WatermarkStrategy.noWatermarks(), "rows").setParallelism(1);
    byte[][] swaps = {"not a bundle".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Files.readAllBytes(Fixtures.GOLDEN.resolve("credit-sparse-onehot.mlb"))};
    // The garbage at once, the new bundle once 2,000 rows have left the source (one JVM: the MiniCluster's).
    DataStream<byte[]> bundles = env.fromSource(new DataGeneratorSource<>(i -> {
      while (i == 1 && GENERATED.get() < 2_000) {
        Thread.sleep(5);
      }
      return swaps[(int) (long) i];
    }, swaps.length, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO),
        WatermarkStrategy.noWatermarks(), "bundles").setParallelism(1);
    ScoredStream scoring = FlinkScorer.load(Fixtures.CREDIT_BUNDLE).score(rows, bundles);
    CloseableIterator<Row> scored = scoring.scored().collectAsync();
    env.execute("swap");
    List<Row> out = Fixtures.drain(scored);
    assertEquals(credit.rowCount(), out.size());

    Map<String, Predictor> predictors = new HashMap<>();
    try (Predictor old = Predictor.load(Fixtures.CREDIT_BUNDLE);
        Predictor next = Predictor.load(Fixtures.GOLDEN.resolve("credit-sparse-onehot.mlb"))) {
      predictors.put(old.bundle().id(), old);
      predictors.put(next.bundle().id(), next);
      Map<String, Integer> byBundle = new TreeMap<>();
      int n = type.getArity();
      for (Row row : out) {
        String id = (String) row.getField(n + 3);
        byBundle.merge(id, 1, Integer::sum);
        Map<String, Object> request = new HashMap<>();
        for (int c = 0; c < n; c++) {
          request.put(type.getFieldNames()[c], row.getField(c));
        }
        Prediction p = predictors.get(id).predict(request);
        assertEquals(Double.doubleToRawLongBits(p.probability("bad")), Double.doubleToRawLongBits((Double) row.getField(n + 1)));
        assertEquals(p.label().orElseThrow(), row.getField(n));
      }
      assertEquals(predictors.keySet(), byBundle.keySet(), "both bundles scored rows: " + byBundle);
      assertTrue(byBundle.values().stream().allMatch(c -> c > 100), byBundle.toString());
    }
  }

  @Test
  void score_swappableWindowBundle_isRefusedWithTheAlternative() throws Exception {
    StreamExecutionEnvironment env = Fixtures.env(1);
    Table days = Fixtures.chicago().rows(new int[] {0});
    DataStream<Row> rows = env.fromData(Fixtures.rowType(days), Fixtures.rows(days).get(0));
    DataStream<byte[]> bundles = env.fromData(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO, new byte[0]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FlinkScorer.load(Fixtures.CHICAGO_BUNDLE).score(rows, bundles));
    assertTrue(e.getMessage().startsWith("bundle chicago-windows.mlb has window steps"), e.getMessage());
  }
}
