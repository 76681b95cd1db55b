package org.mlengine.core;

import org.mlengine.runtime.Table;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One declarative check of the input table, run by {@link Pipeline#fit(Table)} before the split
 * and before anything is fitted; made by the {@link DataChecks} front door. Every failing check
 * of a pipeline is reported in one error.
 *
 * <pre>{@code
 * DataCheck incomeKnown = DataChecks.completeness("Income", 0.95);
 * Pipeline.builder().target("Status").check(incomeKnown, DataChecks.range("Age", 18, 100)) ...
 * }</pre>
 */
public final class DataCheck {
  /** What a check computes: it adds one message per failure to {@code failures}. */
  @FunctionalInterface
  interface Rule {
    void evaluate(Table table, List<String> failures);
  }

  private final String name;
  private final ImmutableMap<String, Object> spec;
  private final Rule rule;

  DataCheck(String name, Map<String, Object> spec, Rule rule) {
    this.name = Objects.requireNonNull(name, "name");
    this.spec = ImmutableMap.copyOf(spec);
    this.rule = Objects.requireNonNull(rule, "rule");
  }

  /** The check's name, e.g. {@code "completeness"}. */
  public String name() {
    return name;
  }

  /** The check's settings as JSON-ready values, for the pipeline spec. */
  public Map<String, Object> spec() {
    return spec;
  }

  /** Adds one message per failure of this check on {@code table}. */
  void evaluate(Table table, List<String> failures) {
    rule.evaluate(table, failures);
  }

  @Override
  public String toString() {
    return name + spec;
  }
}
