package org.mlengine.core.spi;

import org.apiguardian.api.API;
import org.mlengine.core.Augmentation;
import org.mlengine.core.Pipeline;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import java.util.List;
import java.util.Map;

/**
 * Makes extra training rows from the training part (data augmentation), for the training part
 * only. Users get augmenters from a front door such as {@code Features.augmentText(...)} and
 * hand them to {@link Pipeline.Builder#augment(Augmenter...)}.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.builder()
 *     .target("Sentiment")
 *     .split(Split.stratified(0.8))
 *     .augment(Features.augmentText("Review").randomSwaps(1).randomDeletion(0.1))
 *     .add(Features.tfidf("Review"))
 *     .trainer(Trainers.logisticRegression())
 *     .seed(42)
 *     .build();
 * }</pre>
 *
 * <p>The pipeline calls {@link #augment(Table, long)} once, after the split and before any step
 * is fitted, with the training part's original rows; it appends the rows returned to the
 * training part and to nothing else: validation rows, test rows and prediction requests are
 * never augmented, and the bundle holds no augmentation step. Each added row stays in the
 * cross-fitting fold of the row it was made from, so a target-aware step never learns from a
 * copy of the row it encodes. Several augmenters each see the original training rows, not each
 * other's output.
 *
 * <p>An added row must have the training part's columns and types and its source row's target
 * value; an augmenter changes only the {@link #columns()} it names. Implementations are
 * immutable, and their output depends only on the rows and the seed (no clock, no shared
 * random generator), so the same data, spec and seed give the same bundle.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Augmenter {

  /** The augmenter's short name, used in messages and the pipeline spec, e.g. {@code "augment_text"}. */
  String name();

  /** The columns this augmenter changes in the rows it adds; the others are copied from the source row. */
  List<String> columns();

  /** The augmenter's options as JSON-ready values (strings, numbers, booleans, lists, maps), for the spec. */
  Map<String, Object> spec();

  /**
   * Checks this augmenter against the table it would augment and adds one message per problem
   * (an absent column, a column of the wrong type, options that change nothing); the pipeline
   * reports all of them at once. Each message says what was wrong, what was expected and how to
   * fix it.
   */
  void check(Schema schema, List<String> problems);

  /**
   * The rows to add to the training part, each with the index (into {@code trainingPart}) of
   * the row it was made from.
   *
   * @param trainingPart the training part's original rows, with every column of the table
   *     except those the pipeline drops
   * @param seed the pipeline's seed; combine it with each source row's index so the result does
   *     not depend on the order or the thread the rows are processed in
   */
  Augmentation augment(Table trainingPart, long seed);
}
