package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.Table;

/**
 * {@link Predictor#predictCsv}'s output reads back with {@link Table#readCsv}: a passed-through
 * text column of any characters (commas, quotes, CR, LF, spaces) comes back as it went in, the
 * model's columns hold the same values, and the predictions are predictAll's to the bit.
 */
class CsvScoringProperties {
  private static final Predictor CLASSIFIER = Predictor.of(CreditBundles.classifier());
  private static final String[] COLUMNS =
      {"Seniority", "Home", "Time", "Age", "Marital", "Records", "Job", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"};

  @Provide
  Arbitrary<List<String>> notes() {
    Arbitrary<String> note = Arbitraries.strings().withChars("ab ,\"\n\r\té€;'").ofMinLength(1).ofMaxLength(12)
        .filter(s -> !s.equals("NA"));
    return note.list().ofMinSize(1).ofMaxSize(30);
  }

  @Property(tries = 100)
  void predictCsv_outputReadBack_holdsTheInputAndPredictAllsPredictions(@ForAll("notes") List<String> notes,
      @ForAll("scales") double scale) throws IOException {
    Table credit = CreditBundles.credit();
    StringBuilder in = new StringBuilder("note," + String.join(",", COLUMNS) + "\n");
    for (int r = 0; r < notes.size(); r++) {
      in.append(quoteAlways(notes.get(r)));
      for (String c : COLUMNS) {
        in.append(',');
        Object v = credit.value(c, r);
        if (v instanceof Double d) {
          in.append(Double.isNaN(d) ? "NA" : Double.toString(d * scale));
        } else if (v != null) {
          in.append(quoteAlways(v.toString()));
        }
      }
      in.append('\n');
    }
    CsvOptions options = CsvOptions.defaults().text("note").numeric("Seniority", "Time", "Age", "Expenses", "Income", "Assets",
        "Debt", "Amount", "Price").categorical("Home", "Marital", "Records", "Job");
    Table input = Table.readCsv(new StringReader(in.toString()), "in", options);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    long rows = CLASSIFIER.predictCsv(new ByteArrayInputStream(in.toString().getBytes(StandardCharsets.UTF_8)), "in", out);

    Table scored = Table.readCsv(new StringReader(out.toString(StandardCharsets.UTF_8)), "out", options.numeric("p_bad", "p_good"));
    assertEquals(notes.size(), rows);
    assertEquals(notes.size(), scored.rowCount());
    List<Prediction> expected = CLASSIFIER.predictAll(input);
    for (int r = 0; r < rows; r++) {
      for (String c : input.columnNames()) {
        assertEquals(input.value(c, r), scored.value(c, r), c + " at row " + r);
      }
      assertEquals(expected.get(r).label().orElseThrow(), scored.string("label", r));
      assertEquals(expected.get(r).probability("bad"), scored.numeric("p_bad", r));
      assertEquals(expected.get(r).probability("good"), scored.numeric("p_good", r));
    }
  }

  @Provide
  Arbitrary<Double> scales() {
    return Arbitraries.of(1.0, 0.1, 1e-9, 3.7e12, 1e20);
  }

  private static String quoteAlways(String s) {
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
