package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.internal.LibraryStep;
import org.mlengine.core.spi.Extractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.Schema;

/**
 * What every feature step shares: its name (the tag of what it fits), its input columns, the
 * check that they exist with a type the step takes, the refusal to fit on the target, a spec that
 * starts with the columns, and {@code toString}. A step says only what differs: its options
 * ({@link #checkOptions}, {@link #options}) and what it learns ({@link #fitChecked}).
 */
abstract class Step implements Extractor, LibraryStep {
  private final String name;
  final ImmutableList<String> columns;
  private final ImmutableSet<ColumnType> accepted;

  /**
   * @param name the step's name in messages and specs, the tag of its fitted transform
   * @param columns the input columns, already checked by {@link Steps#columnList}
   * @param accepted the column types the step takes
   */
  Step(String name, List<String> columns, Set<ColumnType> accepted) {
    this.name = name;
    this.columns = ImmutableList.copyOf(columns);
    this.accepted = ImmutableSet.copyOf(accepted);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final List<String> columns() {
    return columns;
  }

  @Override
  public void check(Schema schema, List<String> problems) {
    Steps.checkColumns(name, columns, schema, accepted, problems);
    checkOptions(problems);
  }

  /** Adds the problems of the step's own options; none by default. */
  void checkOptions(List<String> problems) {}

  @Override
  public final FittedTransform fit(FitContext context) {
    Steps.checkFit(this, context);
    return fitChecked(context);
  }

  /** Learns from the training rows of a context the step has been checked against. */
  abstract FittedTransform fitChecked(FitContext context);

  @Override
  public final Map<String, Object> spec() {
    ImmutableMap.Builder<String, Object> spec = ImmutableMap.builder();
    spec.put("columns", columns);
    options(spec);
    return spec.buildOrThrow();
  }

  /** Adds the step's options to its spec, after {@code columns}; none by default. */
  void options(ImmutableMap.Builder<String, Object> spec) {}

  @Override
  public String toString() {
    return name + spec();
  }
}
