package org.mlengine.core;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mlengine.core.spi.Augmenter;
import org.mlengine.core.spi.EventExtractor;
import org.mlengine.core.spi.Extractor;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.Targets;

/** The checks of a {@link Pipeline}'s settings against each other and against a table, each reporting every problem at once. */
final class PipelineChecks {
  private final String target;
  private final Task task;
  private final Split split;
  private final ImmutableList<Augmenter> augmenters;
  private final ImmutableList<Extractor> steps;
  private final ImmutableList<String> dropped;
  private final Trainer trainer;
  private final ImmutableList<DataCheck> checks;
  private final String auditGroups;
  private final String sampleWeights;

  PipelineChecks(Pipeline pipeline) {
    this.target = pipeline.target;
    this.task = pipeline.task;
    this.split = pipeline.split;
    this.augmenters = pipeline.augmenters;
    this.steps = pipeline.steps;
    this.dropped = pipeline.dropped;
    this.trainer = pipeline.trainer;
    this.checks = pipeline.checks;
    this.auditGroups = pipeline.auditGroups;
    this.sampleWeights = pipeline.sampleWeights;
  }

  /**
   * Runs the checks every pipeline runs (the target's, and no infinite number in a NUMERIC
   * input; sample weights present, finite and not negative) and the builder's data checks on
   * the whole table, before anything is split or fitted, and reports every failure at once.
   */
  void checkData(Table table) {
    List<String> failures = new ArrayList<>();
    DataChecks.checkTarget(table, target, failures);
    DataChecks.checkFinite(table, inputs(table), target, failures);
    if (sampleWeights != null) {
      SampleWeights.checkValues(table, sampleWeights, failures);
    }
    for (DataCheck c : checks) {
      c.evaluate(table, failures);
    }
    refuse(failures);
  }

  /**
   * Checks the sample weights' values alone, as {@link #checkData} does: for the tuner's fits
   * ({@link Pipeline#fitOn}), which run no data checks, so no NaN or negative weight reaches a
   * trainer there either.
   */
  void checkSampleWeights(Table table) {
    if (sampleWeights != null) {
      List<String> failures = new ArrayList<>();
      SampleWeights.checkValues(table, sampleWeights, failures);
      refuse(failures);
    }
  }

  private static void refuse(List<String> failures) {
    if (!failures.isEmpty()) {
      throw new IllegalArgumentException("the data fail " + failures.size() + (failures.size() == 1 ? " check" : " checks")
          + "; nothing was split or fitted:\n- " + String.join("\n- ", failures));
    }
  }

  /**
   * The columns a request carries: all but the target, the sample weights, the dropped columns
   * no step reads, and the split's column unless a step reads it (as {@code PipelineTraining}
   * decides).
   */
  private List<String> inputs(Table table) {
    Set<String> readByStep = new HashSet<>();
    steps.forEach(step -> readByStep.addAll(step.columns()));
    Set<String> inputs = new LinkedHashSet<>(table.columnNames());
    inputs.remove(target);
    if (sampleWeights != null) {
      inputs.remove(sampleWeights);
    }
    dropped.stream().filter(d -> !readByStep.contains(d)).forEach(inputs::remove);
    split.column().filter(c -> !readByStep.contains(c)).ifPresent(inputs::remove);
    return List.copyOf(inputs);
  }

  /** The task, and the steps whose columns earlier steps make, checked when they are reached. */
  record Checked(Task task, Set<Integer> deferred) {}

  /** Checks a step that reads columns an earlier step made, against the table as it is then. */
  static void checkStep(Extractor step, Schema current) {
    List<String> problems = new ArrayList<>();
    step.check(current, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("the pipeline does not fit this table:\n- " + String.join("\n- ", problems));
    }
  }

  /**
   * Every problem of this spec against the table, reported at once. A step that reads a column
   * the table lacks is checked later, when it is reached, if an earlier step may make that
   * column (a calendar step's {@code When_hour}, an imputer's indicator).
   */
  Checked checkAgainst(Table table) {
    List<String> problems = new ArrayList<>();
    Schema schema = table.schema();
    Task resolved = checkTarget(table, schema, problems);
    if (resolved != null) {
      trainer.check(resolved, target, problems);
    }
    checkNamedColumns(table, schema, problems);
    if (sampleWeights != null) {
      SampleWeights.checkColumn(table, sampleWeights, problems);
    }
    Set<Integer> deferred = checkSteps(table, schema, problems);
    checkPassiveColumns(table, schema, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("the pipeline does not fit this table:\n- " + String.join("\n- ", problems));
    }
    return new Checked(resolved, deferred);
  }

  /** Checks the target column and returns the task: the one set, the one its type implies, or null when it has none. */
  private Task checkTarget(Table table, Schema schema, List<String> problems) {
    Task resolved = task;
    if (!table.hasColumn(target)) {
      problems.add("target '" + target + "' is not in the table; the table has " + schema.names() + ". Check the spelling.");
    } else {
      ColumnType type = table.type(target);
      if (type == ColumnType.TIMESTAMP) {
        problems.add("target '" + target + "' is TIMESTAMP; a target must be CATEGORICAL (classification) or NUMERIC (regression).");
      } else if (resolved == null) {
        resolved = Targets.inferTask(table, target);
      } else if (resolved == Task.REGRESSION && type != ColumnType.NUMERIC) {
        problems.add("task is REGRESSION but target '" + target + "' is " + type + "; regression needs a NUMERIC target."
            + " Declare it with CsvOptions.numeric(\"" + target + "\") or use Task.CLASSIFICATION.");
      }
    }
    return resolved;
  }

  /** Checks the columns that drop(), the split, auditGroups and the augmenters name. */
  private void checkNamedColumns(Table table, Schema schema, List<String> problems) {
    for (String d : dropped) {
      if (!table.hasColumn(d)) {
        problems.add("drop names column '" + d + "', which is not in the table; the table has " + schema.names() + ".");
      }
      if (d.equals(target)) {
        problems.add("drop names the target '" + target + "'; the target is never a feature, so leave it out of drop().");
      }
    }
    split.check(schema, problems);
    if (auditGroups != null && !table.hasColumn(auditGroups)) {
      problems.add("auditGroups names column '" + auditGroups + "', which is not in the table; the table has " + schema.names()
          + ". Check the spelling.");
    }
    for (Augmenter a : augmenters) {
      if (a.columns().contains(target)) {
        problems.add(a.name() + " changes the target '" + target + "'; an augmenter may not change the target (added rows"
            + " keep their source row's label). Remove '" + target + "' from the augmenter's columns.");
      } else {
        a.check(schema, problems);
      }
    }
  }

  /** Checks each step, and returns the steps that read a column an earlier step may make, to check when reached. */
  private Set<Integer> checkSteps(Table table, Schema schema, List<String> problems) {
    Set<Integer> deferred = new HashSet<>();
    for (int s = 0; s < steps.size(); s++) {
      Extractor step = steps.get(s);
      if (step.columns().contains(target)) {
        problems.add(step.name() + " reads the target '" + target + "'; no step may read the target (it would leak the label into the features).");
      }
      if (s > 0 && !(step instanceof EventExtractor) && !step.columns().stream().allMatch(table::hasColumn)) {
        deferred.add(s);
      } else {
        step.check(schema, problems);
      }
    }
    return deferred;
  }

  /** Refuses the columns no step reads that would reach the model but are not numbers. */
  private void checkPassiveColumns(Table table, Schema schema, List<String> problems) {
    Set<String> readByStep = new HashSet<>();
    for (Extractor step : steps) {
      readByStep.addAll(step.columns());
    }
    Set<String> passive = new LinkedHashSet<>(schema.names());
    passive.remove(target);
    if (sampleWeights != null) {
      passive.remove(sampleWeights);
    }
    passive.removeAll(dropped);
    passive.removeAll(readByStep);
    split.column().ifPresent(passive::remove);
    for (String column : passive) {
      ColumnType type = table.type(column);
      if (type != ColumnType.NUMERIC && type != ColumnType.VECTOR) {
        problems.add("column '" + column + "' is " + type + " and no step turns it into numbers; "
            + (type == ColumnType.CATEGORICAL
                ? "add Features.oneHot(\"" + column + "\") or Features.meanEncoding(\"" + column + "\")"
                : "add a step that reads it")
            + ", or leave it out with .drop(\"" + column + "\").");
      }
    }
  }

  /**
   * Event steps run over the whole table before the split, so they come first; a window over
   * the table's own rows needs a split that keeps each row's past on its side (time-ordered, or
   * by group).
   */
  static void checkEventSteps(List<Extractor> steps, Split split, List<String> problems) {
    boolean other = false;
    for (Extractor step : steps) {
      if (!(step instanceof EventExtractor event)) {
        other = true;
        continue;
      }
      if (other) {
        problems.add(step.name() + " is added after a step that is not a window or aggregate; window and aggregate steps"
            + " run over the whole table before the split, so add them first.");
      }
      boolean byGroup = split != null && !split.isTimeOrdered() && !split.isKFold() && split.column().isPresent();
      if (event.readsOwnRows() && split != null && !split.isTimeOrdered() && (!byGroup || !step.columns().contains(split.column().get()))) {
        problems.add(step.name() + " reads earlier rows of the table, and " + (byGroup
            ? "the group split by '" + split.column().get() + "' is not its entity, so a training row's window would hold"
                + " held-out rows of other groups. Make the window by(\"" + split.column().get() + "\"), or"
            : "a " + (split.isKFold() ? "k-fold" : "random") + " split puts rows of one time on both sides, so training rows'"
                + " windows would hold held-out values. Use")
            + " Split.timeOrdered(\"time column\", 0.8) (with .gap(...) for a forecast horizon), or Split.group by the entity.");
      }
    }
  }
}
