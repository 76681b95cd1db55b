package org.mlengine.core;

import org.mlengine.core.spi.Extractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.spi.FittedTransform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class DataChecksTest {

  /** Ten people: one missing income, a repeated id, a bad home, an age out of range, a bad zip, a future timestamp. */
  private static Table people() {
    return Table.builder()
        .categorical("Id", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a2", "a10")
        .numeric("Income", 10, 20, Double.NaN, 40, 50, 60, 70, 80, 90, 100)
        .categorical("Home", "rent", "owner", "rent", "castle", "owner", "rent", "owner", "rent", "owner", "rent")
        .numeric("Age", 30, 17, 45, 50, 61, 22, 35, 44, 130, 28)
        .text("Zip", "12345", "54321", "1234", "99999", "00000", "11111", "22222", "33333", "44444", "55555")
        .timestamp("When", at("2024-01-01"), at("2024-01-02"), at("2024-01-03"), at("2024-01-04"), at("2024-01-05"),
            at("2024-01-06"), at("2024-01-07"), at("2024-01-08"), at("2024-01-09"), at("2024-03-05"))
        .categorical("y", "good", "bad", "good", "bad", "good", "bad", "good", "bad", "good", "bad")
        .build();
  }

  private static Instant at(String day) {
    return Instant.parse(day + "T00:00:00Z");
  }

  private static List<String> failures(DataCheck check, Table table) {
    List<String> out = new java.util.ArrayList<>();
    check.evaluate(table, out);
    return out;
  }

  @Test
  void complete_missingValue_namesCountFirstRowAndFix() {
    assertEquals(List.of("complete('Income'): 1 of 10 rows have no value (first at row 2); expected a value in every row."
        + " Fill or drop those rows, or use completeness(\"Income\", share) if some gaps are acceptable."),
        failures(DataChecks.complete("Income", "Age"), people()));
  }

  @Test
  void completeness_belowShare_failsAtOrAboveIt_passes() {
    assertEquals(List.of("completeness('Income'): 0.9000 of rows have a value (1 of 10 missing); expected at least 0.9500."
        + " Find why values are missing upstream, or lower the threshold and impute the column (Features.impute)."),
        failures(DataChecks.completeness("Income", 0.95), people()));
    assertEquals(List.of(), failures(DataChecks.completeness("Income", 0.9), people()));
  }

  @Test
  void unique_repeatedId_namesTheRows() {
    assertEquals(List.of("unique('Id'): 1 row repeats an earlier row's value (row 8 repeats row 1 [a2]); expected every row to be"
        + " unique. Remove the duplicate rows, or check 'Id' is really a key."), failures(DataChecks.unique("Id"), people()));
    assertEquals(List.of(), failures(DataChecks.unique("Id", "Income"), people()));
  }

  @Test
  void allowedValues_unknownValue_listsItAndTheAllowedSet() {
    assertEquals(List.of("allowedValues('Home'): 1 row holds a value outside the allowed set, e.g. ['castle'] (1 distinct);"
        + " expected one of [rent, owner, parents]. Correct those values upstream, or add them to the allowed values if they"
        + " are legitimate."), failures(DataChecks.allowedValues("Home", "rent", "owner", "parents"), people()));
  }

  @Test
  void range_outside_givesObservedRangeAndFirstRow() {
    assertEquals(List.of("range('Age'): 2 rows are outside [18, 100] (first at row 1); observed values from 17 to 130. Correct"
        + " or remove those rows (a sentinel such as 99999999 for 'unknown' should be missing instead), or widen the range."),
        failures(DataChecks.range("Age", 18, 100), people()));
    assertEquals(List.of(), failures(DataChecks.range("Income", 0, 100), people()));
  }

  @Test
  void matches_badValue_givesExamples() {
    assertEquals(List.of("matches('Zip'): 1 row does not match /\\d{5}/, e.g. '1234' at row 2; expected every value to match."
        + " Correct those values upstream, or fix the pattern."), failures(DataChecks.matches("Zip", "\\d{5}"), people()));
  }

  @Test
  void rowCount_outsideBounds_fails() {
    assertEquals(List.of("rowCount: the table has 10 rows; expected between 100 and 1000000. Check that the extract is complete"
        + " (too few) or not duplicated (too many), or change the bounds."), failures(DataChecks.rowCount(100, 1_000_000), people()));
    assertEquals(List.of(), failures(DataChecks.rowCount(10, 10), people()));
  }

  @Test
  void noFutureTimestamps_usesTheGivenInstantNotAClock() {
    assertEquals(List.of("noFutureTimestamps('When'): 1 row is after 2024-03-01T00:00:00Z (first at row 9, latest"
        + " 2024-03-05T00:00:00Z); expected none after the reference instant. Check the time zone and clock of the source, or"
        + " drop those rows."), failures(DataChecks.noFutureTimestamps("When", at("2024-03-01")), people()));
    assertEquals(List.of(), failures(DataChecks.noFutureTimestamps("When", at("2024-03-05")), people()));
  }

  @Test
  void wrongTypeOrUnknownColumn_saysWhatWasExpected() {
    assertEquals(List.of("range('Home'): the column is CATEGORICAL; expected NUMERIC. Declare it with"
        + " CsvOptions.defaults().numeric(\"Home\") or check another column."), failures(DataChecks.range("Home", 0, 1), people()));
    assertEquals(List.of("matches('Age'): the column is NUMERIC; expected CATEGORICAL or TEXT. Declare it with"
        + " CsvOptions.defaults().categorical(\"Age\") or use range() for numbers."), failures(DataChecks.matches("Age", "\\d+"), people()));
    assertEquals(List.of("complete('Incme'): the table has no column 'Incme'; it has [Id, Income, Home, Age, Zip, When, y]."
        + " Check the spelling."), failures(DataChecks.complete("Incme"), people()));
  }

  @Test
  void factories_refuseBadArguments() {
    assertEquals("completeness(\"Income\", 1.5): the share is a fraction of rows in [0, 1], e.g. 0.95",
        assertThrows(IllegalArgumentException.class, () -> DataChecks.completeness("Income", 1.5)).getMessage());
    assertEquals("range(\"Age\", 100.0, 18.0): min must be at most max",
        assertThrows(IllegalArgumentException.class, () -> DataChecks.range("Age", 100, 18)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DataChecks.matches("Zip", "(")).getMessage()
        .startsWith("matches(\"Zip\", \"(\"): not a regular expression: "));
    assertEquals("unique() names no column; name at least one, e.g. unique(\"Income\")",
        assertThrows(IllegalArgumentException.class, DataChecks::unique).getMessage());
  }

  @Test
  void fit_everyFailingCheck_isReportedAtOnce_beforeAnythingIsFitted() {
    Pipeline pipeline = Pipeline.builder()
        .target("y")
        .split(Split.random(0.8))
        .drop("Id", "Zip", "When")
        .add(new FailingStep())
        .trainer(new FailingTrainer())
        .check(DataChecks.completeness("Income", 0.95), DataChecks.unique("Id"),
            DataChecks.allowedValues("Home", "rent", "owner"), DataChecks.range("Age", 18, 100),
            DataChecks.matches("Zip", "\\d{5}"), DataChecks.rowCount(100, 1_000_000),
            DataChecks.noFutureTimestamps("When", at("2024-03-01")), DataChecks.complete("Age"))
        .build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pipeline.fit(people()));
    String m = e.getMessage();
    assertTrue(m.startsWith("the data fail 7 checks; nothing was split or fitted:\n- completeness('Income'): 0.9000"), m);
    for (String part : List.of("\n- unique('Id'): 1 row repeats", "\n- allowedValues('Home'): 1 row holds", "\n- range('Age'): 2 rows",
        "\n- matches('Zip'): 1 row does", "\n- rowCount: the table has 10 rows", "\n- noFutureTimestamps('When'): 1 row is")) {
      assertTrue(m.contains(part), part + " in " + m);
    }
    assertEquals(7, m.split("\n- ").length - 1, m);
  }

  @Test
  void fit_missingOrConstantTarget_isAlwaysChecked() {
    Table unlabelled = Table.builder().numeric("x", 1, 2, 3, 4).categorical("y", "a", null, "a", "a").build();
    Pipeline pipeline = Pipeline.builder().target("y").split(Split.random(0.5)).trainer(new FailingTrainer()).build();
    assertEquals("the data fail 2 checks; nothing was split or fitted:\n"
        + "- target 'y': 1 of 4 rows have no value (first at row 1); expected a label in every row. Drop the unlabelled rows"
        + " before fitting.\n"
        + "- target 'y': every labelled row holds a; expected at least two different values, or there is nothing to learn."
        + " Check the extract (a filter may have kept one class only).",
        assertThrows(IllegalArgumentException.class, () -> pipeline.fit(unlabelled)).getMessage());
  }

  @Test
  void spec_recordsTheChecks() {
    Pipeline pipeline = Pipeline.builder().target("y").split(Split.random(0.5)).trainer(Trainers.cart())
        .check(DataChecks.range("Age", 18, 100), DataChecks.noFutureTimestamps("When", at("2024-03-01"))).build();
    assertEquals(List.of(Map.of("check", "range", "column", "Age", "min", 18.0, "max", 100.0),
        Map.of("check", "noFutureTimestamps", "column", "When", "asOf", "2024-03-01T00:00:00Z")), pipeline.spec().get("checks"));
    assertEquals(pipeline.spec(), pipeline.toBuilder().build().spec());
  }

  /** A step that fails the test if it is ever fitted. */
  static final class FailingStep implements Extractor {
    @Override
    public String name() {
      return "failing";
    }

    @Override
    public List<String> columns() {
      return List.of("Home");
    }

    @Override
    public void check(Schema schema, List<String> problems) {}

    @Override
    public FittedTransform fit(FitContext context) {
      throw new AssertionError("a step was fitted although a data check failed");
    }

    @Override
    public Map<String, Object> spec() {
      return Map.of();
    }
  }

  /** A trainer that fails the test if it is ever called. */
  public static final class FailingTrainer extends Trainer {
    @Override
    public String name() {
      return "failing";
    }

    @Override
    public Map<String, Object> spec() {
      return Map.of();
    }

    @Override
    void check(Task task, String target, List<String> problems) {}

    @Override
    TrainedModel train(TrainingSet data, long seed) {
      throw new AssertionError("the trainer was called although a data check failed");
    }
  }
}
