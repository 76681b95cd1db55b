package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.CsvScan;
import org.mlengine.runtime.Table;

/**
 * {@link Predictor#predictCsv}: the output is the input followed by exactly what {@link
 * Predictor#predictAll} predicts, and a bad header or record is refused naming its line and column.
 */
class CsvScoringTest {
  private static final Predictor CLASSIFIER = Predictor.of(CreditBundles.classifier());
  private static final Predictor REGRESSION = Predictor.of(CreditBundles.regression());

  private static String creditCsv() throws IOException {
    try (InputStream in = CsvScoringTest.class.getResourceAsStream("/credit_data.csv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String score(Predictor predictor, String csv) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    predictor.predictCsv(input(csv), "in.csv", out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static InputStream input(String csv) {
    return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void predictCsv_creditData_writesEachRowWithItsLabelAndProbabilitiesAsPredictAllGivesThem() throws IOException {
    String csv = creditCsv();
    Table credit = Table.readCsv(new StringReader(csv), "credit", CsvOptions.defaults());
    List<Prediction> expected = CLASSIFIER.predictAll(credit);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long rows = CLASSIFIER.predictCsv(input(csv), "credit_data.csv", out);
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();

    assertEquals(credit.rowCount(), rows);
    assertEquals("Status,Seniority,Home,Time,Age,Marital,Records,Job,Expenses,Income,Assets,Debt,Amount,Price,label,p_bad,p_good",
        lines.get(0));
    assertEquals(credit.rowCount() + 1, lines.size());
    for (int r = 0; r < credit.rowCount(); r++) {
      Prediction p = expected.get(r);
      String tail = "," + p.label().orElseThrow() + "," + p.probability("bad") + "," + p.probability("good");
      assertTrue(lines.get(r + 1).endsWith(tail), lines.get(r + 1) + " does not end with " + tail);
    }
    assertEquals("good,9,rent,60,30,married,no,freelance,73,129,0,0,800,846," + tail(expected.get(0)), lines.get(1));
  }

  private static String tail(Prediction p) {
    return p.label().orElseThrow() + "," + p.probability("bad") + "," + p.probability("good");
  }

  @Test
  void predictCsv_regression_addsTheValueColumn() throws IOException {
    String csv = creditCsv();
    Table credit = Table.readCsv(new StringReader(csv), "credit", CsvOptions.defaults());

    List<String> lines = score(REGRESSION, csv).lines().toList();

    assertTrue(lines.get(0).endsWith(",Price,value"), lines.get(0));
    assertTrue(lines.get(7).endsWith("," + REGRESSION.predictAll(credit).get(6).value()), lines.get(7));
  }

  @Test
  void predictCsv_columnsTheModelDoesNotRead_arePassedThroughAsWritten() throws IOException {
    String row = "9,rent,60,30,married,no,freelance,73,129,0,0,800,846";
    String csv = "id,Seniority,Home,Time,Age,Marital,Records,Job,Expenses,Income,Assets,Debt,Amount,Price,note\n"
        + "007," + row + ",\"says \"\"hi\"\", then\nleaves\"\n"
        + "8," + row + ",NA\n";

    List<String> lines = score(CLASSIFIER, csv).lines().toList();

    assertTrue(lines.get(1).startsWith("007," + row + ",\"says \"\"hi\"\", then"), lines.get(1));
    assertTrue(lines.get(2).startsWith("leaves\",good,"), lines.get(2));
    assertTrue(lines.get(3).startsWith("8," + row + ",,good,"), lines.get(3));
  }

  @Test
  void predictCsv_headerWithoutAColumnTheModelReads_refusesItBeforeWritingAnything() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CsvScoringException e = assertThrows(CsvScoringException.class,
        () -> CLASSIFIER.predictCsv(input("Seniority,Home\n1,rent\n"), "in.csv", out));

    assertEquals("in.csv: the header lacks columns 'Time' (NUMERIC), 'Age' (NUMERIC), 'Marital' (CATEGORICAL), 'Records'"
        + " (CATEGORICAL), 'Job' (CATEGORICAL), 'Expenses' (NUMERIC), 'Income' (NUMERIC), 'Assets' (NUMERIC), 'Debt' (NUMERIC),"
        + " 'Amount' (NUMERIC), 'Price' (NUMERIC), which the model reads; it reads [Seniority, Home, Time, Age, Marital, Records,"
        + " Job, Expenses, Income, Assets, Debt, Amount, Price]. Add the columns to the header (an empty field is a missing value).",
        e.getMessage());
    assertEquals(Optional.empty(), e.column());
    assertEquals(1, e.line());
    assertEquals(0, e.rowsWritten());
    assertEquals(0, out.size());
  }

  @Test
  void predictCsv_refusedHeaderAfterBlankLines_isNamedByItsOwnLine() {
    CsvScoringException e = assertThrows(CsvScoringException.class,
        () -> CLASSIFIER.predictCsv(input("\n\nSeniority,Home\n1,rent\n"), "in.csv", new ByteArrayOutputStream()));
    assertEquals(3, e.line());
  }

  @Test
  void predictCsv_headerWithAPredictionColumnsName_refusesIt() {
    String header = "Seniority,Home,Time,Age,Marital,Records,Job,Expenses,Income,Assets,Debt,Amount,Price,label\n";
    CsvScoringException e = assertThrows(CsvScoringException.class,
        () -> CLASSIFIER.predictCsv(input(header), "in.csv", new ByteArrayOutputStream()));

    assertEquals("in.csv: the header has column ['label'], the name of a prediction column the output adds ([label, p_bad,"
        + " p_good]). Rename or drop it in the input.", e.getMessage());
    assertEquals(Optional.of("label"), e.column());
  }

  @Test
  void predictCsv_wordInANumericColumnAfterTheFirstBatch_namesLineAndColumnAndCountsTheRowsWritten() throws IOException {
    String csv = creditCsv();
    String header = csv.lines().findFirst().orElseThrow();
    List<String> rows = csv.lines().skip(1).toList();
    StringBuilder b = new StringBuilder(header).append('\n');
    int records = CsvScan.INFER_ROWS + 100;
    for (int r = 0; r < records; r++) {
      b.append(rows.get(r % rows.size())).append('\n');
    }
    b.append("good,9,rent,60,30,married,no,freelance,73,lots,0,0,800,846\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    CsvScoringException e = assertThrows(CsvScoringException.class, () -> CLASSIFIER.predictCsv(input(b.toString()), "in.csv", out));

    int line = records + 2;
    assertEquals("in.csv line " + line + ", column 'Income' (10): 'lots' is not a number; the model reads the column as NUMERIC."
        + " Fix the value, or leave the field empty (or NA) for a missing value.", e.getMessage());
    assertEquals(line, e.line());
    assertEquals(Optional.of("Income"), e.column());
    assertEquals(CsvScan.INFER_ROWS, e.rowsWritten());
    assertEquals(CsvScan.INFER_ROWS + 1, out.toString(StandardCharsets.UTF_8).lines().count());
  }

  @Test
  void predictCsv_infiniteNumberAStepRefuses_namesItsLineAfterAMultiLineField() {
    String csv = "note,Seniority,Home,Time,Age,Marital,Records,Job,Expenses,Income,Assets,Debt,Amount,Price\n"
        + "\"two\nlines\",9,rent,60,30,married,no,freelance,73,129,0,0,800,846\n"
        + "x,9,rent,60,30,married,no,freelance,73,Infinity,0,0,800,846\n";

    CsvScoringException e = assertThrows(CsvScoringException.class,
        () -> CLASSIFIER.predictCsv(input(csv), "in.csv", new ByteArrayOutputStream()));

    assertEquals("in.csv line 4, column 'Income': column 'Income' is Infinity; expected a finite number. Send null or NaN"
        + " for a missing value.", e.getMessage());
    assertEquals(4, e.line());
    assertEquals(0, e.rowsWritten());
  }

  @Test
  void field_quotesOnlyWhatNeedsIt() {
    StringBuilder b = new StringBuilder();
    CsvScoring.field(b, "plain text");
    b.append('|');
    CsvScoring.field(b, "a,b");
    b.append('|');
    CsvScoring.field(b, "say \"x\"");
    b.append('|');
    CsvScoring.field(b, "cr\rlf\n");
    assertEquals("plain text|\"a,b\"|\"say \"\"x\"\"\"|\"cr\rlf\n\"", b.toString());
  }

  @Test
  void number_wholeNumbersWithoutAFractionOthersAsDoubleToString() {
    StringBuilder b = new StringBuilder();
    for (double x : new double[] {9, -3, 0.1, 1e15, 1e300, -0.0, Double.NaN, 2.5e-7}) {
      CsvScoring.number(b, x);
      b.append('|');
    }
    assertEquals("9|-3|0.1|1.0E15|1.0E300|-0.0||2.5E-7|", b.toString());
  }
}
