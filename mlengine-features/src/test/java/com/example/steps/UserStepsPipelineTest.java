package com.example.steps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;
import org.mlengine.core.spi.Extractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.features.Features;
import org.mlengine.features.OneHot;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.spi.FittedTransform;

/**
 * Steps a user writes, in a package of the user's own: {@code Pipeline.fit} hands them plain
 * columns (no one-hot column held as 0/1 bytes) and a context that does not own its table, so
 * their input is left as it was even when they delegate to a step of this library (issue #15).
 */
class UserStepsPipelineTest {

  /**
   * A user's step that delegates to {@code inner} and keeps each table it is given with a copy of
   * its NUMERIC columns, to check afterwards that nothing wrote over them.
   */
  static final class Watching implements Extractor {
    private final Extractor inner;
    private final List<Table> inputs = new ArrayList<>();
    private final List<Map<String, double[]>> copies = new ArrayList<>();

    Watching(Extractor inner) {
      this.inner = inner;
    }

    @Override
    public String name() {
      return "watching_" + inner.name();
    }

    @Override
    public List<String> columns() {
      return inner.columns();
    }

    @Override
    public void check(Schema schema, List<String> problems) {
      inner.check(schema, problems);
    }

    @Override
    public FittedTransform fit(FitContext context) {
      watch(context);
      return inner.fit(context);
    }

    @Override
    public Table applyToTraining(FittedTransform fitted, FitContext context) {
      watch(context);
      return inner.applyToTraining(fitted, context);
    }

    @Override
    public Map<String, Object> spec() {
      return inner.spec();
    }

    private void watch(FitContext context) {
      Table table = context.table();
      inputs.add(table);
      Map<String, double[]> copy = new java.util.LinkedHashMap<>();
      for (String c : table.columnNames()) {
        if (table.type(c) == ColumnType.NUMERIC) {
          copy.put(c, table.numericColumn(c));
        }
      }
      copies.add(copy);
    }

    /** Asserts this step was called, never with a one-hot column as bytes, and that its inputs still hold what they held. */
    void assertInputsPlainAndUnchanged() {
      assertEquals(2, inputs.size(), "fit and applyToTraining");
      for (int i = 0; i < inputs.size(); i++) {
        Table table = inputs.get(i);
        assertEquals(List.of(), RuntimeAccess.tables().columns(table).stream().filter(c -> c instanceof Column.Indicator).map(Column::name)
            .toList(), "one-hot columns as bytes");
        copies.get(i).forEach((c, values) -> assertArrayEquals(values, table.numericColumn(c), c));
      }
    }
  }

  @Test
  void fit_userStepAfterOneHot_getsPlainColumnsAndKeepsItsInput() {
    Watching user = new Watching(Features.standardize("Amount"));
    pipeline(Features.oneHot("Cat").dense(), user, Features.standardize("Income")).fit(table());
    assertEquals(ColumnType.NUMERIC, user.inputs.get(0).type("Cat=A"), "the one-hot columns reach the user's step");
    user.assertInputsPlainAndUnchanged();
  }

  @Test
  void fit_userStepWrappingStandardize_leavesItsInputUnchanged() {
    Watching user = new Watching(Features.standardize("Income", "Amount"));
    pipeline(user, Features.oneHot("Cat")).fit(table());
    user.assertInputsPlainAndUnchanged();
  }

  @Test
  void fit_onATableFromApplyToTraining_fitsAsOnApplysTable() {
    Table table = table();
    OneHot oneHot = Features.oneHot("Cat").dense();
    FitContext callers = FitContext.of(table, "y", Split.stratified(0.7), 42);
    FittedTransform fitted = oneHot.fit(callers);
    Table encoded = oneHot.applyToTraining(fitted, callers);

    PipelineResult onEncoded = pipeline().fit(encoded);
    PipelineResult onApplied = pipeline().fit(fitted.apply(table));
    assertEquals(onApplied.bundle().id(), onEncoded.bundle().id());
  }

  private static Pipeline pipeline(Extractor... steps) {
    return Pipeline.builder().target("y").split(Split.stratified(0.7)).add(steps).trainer(Trainers.logisticRegression()).seed(7).build();
  }

  /** 60 rows: a category that carries the label with noise, two numbers, a two-class label. */
  private static Table table() {
    int n = 60;
    String[] cat = new String[n];
    double[] income = new double[n];
    double[] amount = new double[n];
    String[] y = new String[n];
    for (int r = 0; r < n; r++) {
      y[r] = r % 2 == 0 ? "no" : "yes";
      cat[r] = List.of("A", "B", "C").get((r % 2 + (r % 7 == 0 ? 1 : 0)) % 3);
      income[r] = 1000 + 37.5 * ((r * 13) % 17);
      amount[r] = (r * 7) % 11 - 5.25;
    }
    return Table.builder().categorical("Cat", cat).numeric("Income", income).numeric("Amount", amount).categorical("y", y).build();
  }
}
