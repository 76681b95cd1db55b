package org.mlengine.core.spi;

import org.apiguardian.api.API;
import org.mlengine.runtime.spi.EventTransform;

/**
 * An {@link Extractor} whose values come from the past of each row (windows over the rows,
 * aggregates over a related table). It learns nothing from the training part, so a pipeline
 * computes it over the whole table, in time order, before the split: a held-out row's window
 * then holds the rows before it as it would at predict time. Such steps read only the table's
 * own columns and come before the other steps.
 *
 * <pre>{@code
 * Pipeline.builder()
 *     .split(Split.timeOrdered("date", 0.8).gap(Duration.ofDays(7)))
 *     .add(Features.window("ridership").orderedBy("date").over(Duration.ofDays(28)).mean())   // an EventExtractor
 *     .add(Features.sineCosine("date", ...))
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface EventExtractor extends Extractor {

  @Override
  EventTransform fit(FitContext context);

  /**
   * Whether the step reads earlier rows of the table itself (a window) rather than a related
   * table (an aggregate); the pipeline then asks for a split that keeps each row's past on its
   * own side.
   */
  boolean readsOwnRows();

  /**
   * Whether the step counts events at a row's own cutoff instant (an aggregate's {@code
   * inclusive()}); the leakage audit warns about such steps, since an event recorded with the
   * label then becomes a feature of it. False unless a step says otherwise.
   */
  default boolean countsEventsAtTheCutoff() {
    return false;
  }
}
