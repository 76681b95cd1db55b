package org.mlengine.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * Over random tables in the credit schema (numbers given as Double, Integer, Long or Float, a
 * fifth of the values missing, unseen categories, now and then an infinite number or a category
 * given as a whole number), the stateless operator answers each row as {@code Predictor.predict}
 * answers the same values, bit for bit, and refuses the rows the predictor refuses with the
 * predictor's own message.
 */
@SuppressWarnings("try") // the harness's close() declares Exception, as Flink's operators do
class ScoringProperties {
  private static final String[] NUMBERS = {"Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"};
  private static final String[] CATEGORIES = {"Home", "Marital", "Records", "Job"};
  private static final String[][] LEVELS = {{"rent", "owner", "parents", "priv", "other", "ignore", "castle"},
      {"married", "single", "widow", "separated", "divorced", "unknown"}, {"no", "yes", "maybe"},
      {"fixed", "freelance", "partime", "others", "astronaut"}};

  @Property(tries = 40)
  void randomRows_scoreAsThePredictor(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int rows,
      @ForAll @IntRange(min = 0, max = 3) int numberType) throws Exception {
    Random random = new Random(seed);
    TypeInformation<?> number = List.of(Types.DOUBLE, Types.INT, Types.LONG, Types.FLOAT).get(numberType);
    List<String> names = new ArrayList<>(List.of(NUMBERS));
    List<TypeInformation<?>> types = new ArrayList<>();
    for (int i = 0; i < NUMBERS.length; i++) {
      types.add(number);
    }
    names.addAll(List.of(CATEGORIES));
    for (int i = 0; i < CATEGORIES.length; i++) {
      types.add(random.nextBoolean() ? Types.STRING : Types.INT);
    }
    RowTypeInfo type = new RowTypeInfo(types.toArray(new TypeInformation<?>[0]), names.toArray(new String[0]));
    FlinkScorer scorer = FlinkScorer.load(Fixtures.CREDIT_BUNDLE);
    List<Row> input = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      input.add(row(random, type, numberType));
    }
    List<Row> scored;
    List<Row> refused;
    try (OneInputStreamOperatorTestHarness<Row, Row> harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(
        new ScoreFunction(bytes(), "credit-logistic.mlb", scorer.mapping(type), FlinkScorer.refusedTag(type), 0)))) {
      harness.open();
      for (Row row : input) {
        harness.processElement(row, 0);
      }
      scored = harness.extractOutputValues();
      refused = new ArrayList<>();
      // null when nothing was refused
      java.util.Optional.ofNullable(harness.getSideOutput(FlinkScorer.refusedTag(type)))
          .ifPresent(records -> records.forEach(record -> refused.add(record.getValue())));
    }
    int s = 0;
    int f = 0;
    int n = type.getArity();
    try (Predictor predictor = Predictor.load(Fixtures.CREDIT_BUNDLE)) {
      for (Row row : input) {
        Map<String, Object> request = new HashMap<>();
        for (int c = 0; c < n; c++) {
          request.put(names.get(c), row.getField(c));
        }
        Prediction p;
        try {
          p = predictor.predict(request);
        } catch (InvalidInputException e) {
          assertEquals(e.getMessage(), refused.get(f++).getField(n));
          continue;
        }
        Row out = scored.get(s++);
        assertEquals(p.label().orElseThrow(), out.getField(n));
        assertEquals(Double.doubleToRawLongBits(p.probability("bad")), Double.doubleToRawLongBits((Double) out.getField(n + 1)));
        assertEquals(Double.doubleToRawLongBits(p.probability("good")), Double.doubleToRawLongBits((Double) out.getField(n + 2)));
      }
    }
    assertEquals(scored.size(), s);
    assertEquals(refused.size(), f);
  }

  private static Row row(Random random, RowTypeInfo type, int numberType) {
    Row row = new Row(type.getArity());
    for (int c = 0; c < NUMBERS.length; c++) {
      double x = random.nextInt(5) == 0 ? Double.NaN : random.nextInt(3000);
      if (random.nextInt(200) == 0 && numberType % 3 == 0) {
        x = Double.POSITIVE_INFINITY;                     // refused by the predictor
      }
      row.setField(c, Double.isNaN(x) ? null : switch (numberType) {
        case 0 -> (Object) x;
        case 1 -> (int) x;
        case 2 -> (long) x;
        default -> (float) x;
      });
    }
    for (int c = 0; c < CATEGORIES.length; c++) {
      boolean text = type.getTypeAt(NUMBERS.length + c).equals(Types.STRING);
      String[] levels = LEVELS[c];
      row.setField(NUMBERS.length + c, random.nextInt(5) == 0 ? null
          : text ? levels[random.nextInt(levels.length)] : (Object) random.nextInt(3));
    }
    return row;
  }

  private static byte[] bytes() throws IOException {
    return java.nio.file.Files.readAllBytes(Fixtures.CREDIT_BUNDLE);
  }
}
