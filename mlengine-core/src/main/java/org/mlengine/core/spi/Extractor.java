package org.mlengine.core.spi;

import org.apiguardian.api.API;
import org.mlengine.core.Pipeline;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.spi.FittedTransform;
import java.util.List;
import java.util.Map;

/**
 * An unfitted feature extractor: the spec of a step that learns its state from the training
 * part only and returns an immutable {@link FittedTransform}. Users get extractors from the
 * {@code Features} front door and hand them to {@link Pipeline.Builder#add(Extractor...)}.
 *
 * <pre>{@code
 * Extractor standardize = Features.standardize("Income", "Amount");
 * FittedTransform fitted = standardize.fit(context);   // learns mean and sd from training rows
 * Table features = fitted.apply(testPart);              // applies them, learns nothing
 * }</pre>
 *
 * <p>A step reads its input columns and writes its output columns into the table it returns:
 * a step that maps a column to one number (impute, standardize, mean encoding of a binary
 * target) replaces it under the same name; a step that makes several (one-hot) drops the input
 * and appends the new columns. Steps run in the order they were added.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface Extractor {

  /** The step's short name, used in messages and the pipeline spec, e.g. {@code "standardize"}. */
  String name();

  /** The columns this step reads. */
  List<String> columns();

  /**
   * Checks this step against the table it would be fitted on and adds one message per problem
   * (an absent column, a column of the wrong type); the pipeline reports all of them at once.
   * Each message says what was wrong, what was expected and how to fix it.
   */
  void check(Schema schema, List<String> problems);

  /** Learns this step's state from the training part in {@code context}. */
  FittedTransform fit(FitContext context);

  /**
   * The values of the training rows after this step. Most steps apply their fitted state; steps
   * that look at the target return out-of-fold values computed with
   * {@link FitContext#crossFitPartitions(int)} so that no training row is encoded with its own
   * label.
   *
   * <p>A context that {@linkplain FitContext#ownsTable() owns its table} allows writing the output
   * over the arrays of {@code context.table()}; any other context (one made by {@code FitContext.of},
   * and what {@code Pipeline.fit} gives a step that is not this library's) leaves its table as it
   * was. The returned table holds the same kinds of columns {@code fitted.apply} gives.
   */
  default Table applyToTraining(FittedTransform fitted, FitContext context) {
    return fitted.apply(context.table());
  }

  /** The step's options as JSON-ready values (strings, numbers, booleans, lists), for the spec. */
  Map<String, Object> spec();
}
