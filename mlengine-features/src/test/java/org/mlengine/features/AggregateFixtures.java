package org.mlengine.features;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.spi.EventTransform;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.spi.RowBuffer;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;

/** The churn-like tables of the aggregate tests, and a harness that runs an aggregate's row kernel. */
final class AggregateFixtures {
  private AggregateFixtures() {}

  static Instant at(String isoDateTime) {
    return Instant.parse(isoDateTime.length() == 10 ? isoDateTime + "T00:00:00Z" : isoDateTime);
  }

  /**
   * Calls of four customers, deliberately out of time order: c1 has four calls before
   * 2024-03-01 (one without minutes, one without a kind) and a cancellation exactly at it; c2
   * has one old call and two at the same instant; c4 is no parent's customer.
   */
  static Table calls() {
    return Table.builder()
        .categorical("Customer", "c1", "c2", "c1", "c4", "c2", "c1", "c1", "c2", "c1")
        .timestamp("At", at("2024-02-20"), at("2024-02-28T12:00:00Z"), at("2024-03-01"), at("2024-01-01"), at("2023-10-01"),
            at("2024-01-01"), at("2024-02-01"), at("2024-02-28T12:00:00Z"), at("2024-01-10"))
        .numeric("Minutes", 4, 5, 30, 100, 7, 10, Double.NaN, 9, 20)
        .categorical("Kind", null, "billing", "cancel", "x", "billing", "billing", "support", "support", "support")
        .build();
  }

  /** Customer rows with their snapshot (cutoff) times; c3 has no calls. */
  static Table customers() {
    return Table.builder()
        .categorical("Customer", "c1", "c2", "c3", "c1")
        .timestamp("Snapshot", at("2024-03-01"), at("2024-03-01"), at("2024-03-01"), at("2024-01-15"))
        .numeric("Tenure", 12, 30, 2, 10)
        .categorical("Churned", "yes", "no", "no", "no")
        .build();
  }

  /** Fits a step on {@code parents} (target {@code Churned} when present). */
  static EventTransform fit(Aggregate step, Table parents) {
    String target = parents.hasColumn("Churned") ? "Churned" : parents.columnNames().get(parents.columnNames().size() - 1);
    return step.fit(FitContext.of(parents, target, Split.random(0.5), 1));
  }

  /** An unbounded in-memory history holding the related rows, appended in time order (ties in row order). */
  static History historyOf(EventTransform transform, Table related, String timeColumn) {
    History history = History.inMemory(Retention.unbounded(), transform.sources());
    long[] times = related.timestampColumn(timeColumn);
    Integer[] order = new Integer[related.rowCount()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b]));
    for (int r : order) {
      history.append(transform.sources().get(0).name(), related.row(r));
    }
    return history;
  }

  /**
   * A transform's row kernel over the parent's input columns, as a predictor compiles it. The
   * slot plan's constructor is core's own (a predictor builds it from the bundle's input
   * schema), so the test reaches it reflectively.
   */
  static final class Kernel {
    final Slots slots;
    final RowKernel kernel;
    final RowBuffer row;
    final Schema inputs;
    final List<String> outputs;

    Kernel(EventTransform transform, Schema inputs, List<String> outputs) throws ReflectiveOperationException {
      Constructor<Slots> make = Slots.class.getDeclaredConstructor(Schema.class);
      make.setAccessible(true);
      this.slots = make.newInstance(inputs);
      this.inputs = inputs;
      this.kernel = transform.compile(slots).orElseThrow();
      Method buffer = Slots.class.getDeclaredMethod("newBuffer");
      buffer.setAccessible(true);
      this.row = (RowBuffer) buffer.invoke(slots);
      this.outputs = outputs;
    }

    /** Runs the kernel on row {@code r} of {@code parents}; returns the outputs as Double or String (null when missing). */
    Object[] run(Table parents, int r, History history) {
      for (Schema.Field f : inputs.columns()) {
        switch (f.type()) {
          case CATEGORICAL -> row.setString(slots.string(f.name()), parents.string(f.name(), r));
          case TIMESTAMP -> row.setNumber(slots.number(f.name()),
              parents.isMissing(f.name(), r) ? Double.NaN : parents.timestamp(f.name(), r));
          default -> row.setNumber(slots.number(f.name()), parents.numeric(f.name(), r));
        }
      }
      row.setHistory(history);
      kernel.apply(row);
      Object[] out = new Object[outputs.size()];
      for (int s = 0; s < out.length; s++) {
        String name = outputs.get(s);
        out[s] = slots.type(name) == ColumnType.CATEGORICAL ? row.string(slots.string(name)) : (Object) row.number(slots.number(name));
      }
      return out;
    }
  }
}
