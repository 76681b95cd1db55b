package org.mlengine.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
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
 * The stateless operator on the MiniCluster (2 slots): the credit bundle's answers for all 4,454
 * rows of credit_data.csv equal {@code Predictor.predict} and {@code predictAll} bit for bit; a
 * row the bundle refuses goes to the refusals with the predictor's reason; a row type that does
 * not fit the bundle fails when the graph is built, naming every field.
 */
class ScoringTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @Test
  void score_creditRows_equalPredictAllBitForBit() throws Exception {
    Table credit = Fixtures.credit();
    StreamExecutionEnvironment env = Fixtures.env(2);
    RowTypeInfo type = Fixtures.rowType(credit);
    ScoredStream scoring = FlinkScorer.load(Fixtures.CREDIT_BUNDLE).score(Fixtures.source(env, Fixtures.rows(credit), type, 0));
    CloseableIterator<Row> refused = scoring.refused().collectAsync();
    CloseableIterator<Row> scored = scoring.scored().collectAsync();
    env.execute("credit parity");
    List<Row> out = Fixtures.drain(scored);
    assertEquals(List.of(), Fixtures.drain(refused));
    assertEquals(credit.rowCount(), out.size());

    try (Predictor predictor = Predictor.load(Fixtures.CREDIT_BUNDLE)) {
      List<Prediction> batch = predictor.predictAll(credit);
      int n = type.getArity();
      RowTypeInfo scoredType = (RowTypeInfo) scoring.scored().getType();
      assertEquals(List.of("label", "p_bad", "p_good"), List.of(scoredType.getFieldNames()).subList(n, n + 3));
      // Rows come back in any order across the two tasks: match each by its input fields.
      Map<String, Prediction> expected = new java.util.HashMap<>();
      List<Row> inputs = Fixtures.rows(credit);
      for (int r = 0; r < credit.rowCount(); r++) {
        Prediction single = predictor.predict(credit.row(r).toMap());
        assertEquals(single, batch.get(r), "predict and predictAll differ at row " + r);
        expected.merge(inputKey(inputs.get(r), n), single, (a, b) -> {
          assertEquals(a, b, "duplicate rows with different predictions");
          return a;
        });
      }
      for (Row row : out) {
        Prediction p = expected.get(inputKey(row, n));
        assertEquals(p.label().orElseThrow(), row.getField(n));
        assertEquals(Double.doubleToRawLongBits(p.probability("bad")), Double.doubleToRawLongBits((Double) row.getField(n + 1)));
        assertEquals(Double.doubleToRawLongBits(p.probability("good")), Double.doubleToRawLongBits((Double) row.getField(n + 2)));
      }
    }
  }

  private static String inputKey(Row row, int n) {
    List<Object> fields = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      fields.add(row.getField(i));
    }
    return fields.toString();
  }

  @Test
  void score_refusedRow_goesToTheRefusalsWithTheReason() throws Exception {
    Table credit = Fixtures.credit().rows(new int[] {0, 1, 2});
    List<Row> rows = Fixtures.rows(credit);
    RowTypeInfo type = Fixtures.rowType(credit);
    int income = type.getFieldIndex("Income");
    rows.get(1).setField(income, Double.POSITIVE_INFINITY);
    StreamExecutionEnvironment env = Fixtures.env(1);
    ScoredStream scoring = FlinkScorer.load(Fixtures.CREDIT_BUNDLE).score(Fixtures.source(env, rows, type, 0));
    CloseableIterator<Row> refused = scoring.refused().collectAsync();
    CloseableIterator<Row> scored = scoring.scored().collectAsync();
    env.execute("refusals");
    assertEquals(2, Fixtures.drain(scored).size());
    List<Row> bad = Fixtures.drain(refused);
    assertEquals(1, bad.size());
    assertEquals(Double.POSITIVE_INFINITY, bad.get(0).getField(income));
    String reason = (String) bad.get(0).getField(type.getArity());
    assertTrue(reason.startsWith("column 'Income' is Infinity"), reason);
  }

  @Test
  void score_rowTypeThatDoesNotFit_namesEveryFieldAndTheFix() throws Exception {
    StreamExecutionEnvironment env = Fixtures.env(1);
    Table credit = Fixtures.credit().rows(new int[] {0});
    RowTypeInfo good = Fixtures.rowType(credit);
    List<String> names = new ArrayList<>(List.of(good.getFieldNames()));
    List<TypeInformation<?>> types = new ArrayList<>(List.of(good.getFieldTypes()));
    int age = names.indexOf("Age");
    names.remove(age);
    types.remove(age);
    types.set(names.indexOf("Income"), Types.STRING);
    types.set(names.indexOf("Home"), Types.DOUBLE);
    RowTypeInfo bad = new RowTypeInfo(types.toArray(new TypeInformation<?>[0]), names.toArray(new String[0]));
    DataStream<Row> rows = env.fromData(bad, new Row(bad.getArity()));
    FlinkScorer scorer = FlinkScorer.load(Fixtures.CREDIT_BUNDLE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scorer.score(rows));
    assertEquals("the stream's rows do not fit the bundle's input schema:\n"
        + "- field 'Home' is Double but the bundle reads it as CATEGORICAL; expected text or a whole number (Types.STRING, INT,"
        + " LONG, SHORT, BYTE, BOOLEAN or CHAR). Convert it in a map before scoring\n"
        + "- field 'Age' (NUMERIC) is missing; the stream's rows have " + names + ". Add it to the row type, with a null value"
        + " where it is unknown\n"
        + "- field 'Income' is String but the bundle reads it as NUMERIC; expected a number (Types.DOUBLE, FLOAT, INT, LONG,"
        + " SHORT, BYTE, BIG_DEC or BIG_INT). Convert it in a map before scoring", e.getMessage());
  }

  @Test
  void score_streamOfNonRows_saysHowToNameTheFields() throws Exception {
    StreamExecutionEnvironment env = Fixtures.env(1);
    @SuppressWarnings("unchecked")
    DataStream<Row> untyped = (DataStream<Row>) (DataStream<?>) env.fromData(1, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FlinkScorer.load(Fixtures.CREDIT_BUNDLE).score(untyped));
    assertTrue(e.getMessage().startsWith("the stream's type is Integer; scoring needs rows with named, typed fields."), e.getMessage());
  }
}
