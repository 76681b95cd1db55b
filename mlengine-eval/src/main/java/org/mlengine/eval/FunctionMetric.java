package org.mlengine.eval;

import java.util.function.ToDoubleFunction;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.Task;

/** A user's {@link Metric} from a function of the outcomes: {@link Business#of}. */
final class FunctionMetric implements Metric {
  private final String name;
  private final ToDoubleFunction<Outcomes> body;
  private final boolean greaterIsBetter;

  FunctionMetric(String name, ToDoubleFunction<Outcomes> body, boolean greaterIsBetter) {
    this.name = name;
    this.body = body;
    this.greaterIsBetter = greaterIsBetter;
  }

  @Override
  public String name() {
    return name;
  }

  /** Every task: the function decides what it reads. */
  @Override
  public boolean supports(Task task) {
    return true;
  }

  @Override
  public boolean greaterIsBetter() {
    return greaterIsBetter;
  }

  @Override
  public double evaluate(Outcomes outcomes) {
    Check.notNull(outcomes, name, "outcomes", "the held-out Outcomes to evaluate");
    Check.notEmpty(name, outcomes.size());
    double value = body.applyAsDouble(outcomes);
    Check.argument(
        !Double.isNaN(value),
        "%s: the function returned NaN; expected a number — make it defined on every "
            + "non-empty set of outcomes",
        name);
    return value;
  }

  @Override
  public String toString() {
    return name;
  }
}
