package org.mlengine.runtime.spi;

import org.apiguardian.api.API;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Table;
import java.util.List;

/**
 * A fitted step whose value for a row comes from events before the row's time: a window over the
 * rows themselves or an aggregate over a related table. Offline, {@link #apply(Table)} reads the
 * past from the table it is given (and from the related table the step was defined with); at
 * predict time, its {@link #compile(Slots) row kernel} reads it from the {@link History} in the
 * row buffer ({@link RowBuffer#history()}), and {@link #apply(Table, History)} does the same for
 * a whole table. The three agree value for value.
 *
 * <pre>{@code
 * EventTransform window = (EventTransform) Features.window("ridership").orderedBy("date")
 *     .over(Duration.ofDays(7)).mean().fit(context);
 * Table offline = window.apply(table);               // each row from the rows before it
 * Table online = window.apply(requests, history);    // each row from the history's events
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface EventTransform extends FittedTransform {

  /** The event streams this step reads at predict time, and how far back. */
  List<EventSource> sources();

  /**
   * The columns this step reads from past rows of the table it is applied to offline that a
   * request need not carry (for instance the target, when a window averages its past values);
   * a fitted pipeline keeps them in the table while its event steps run.
   */
  List<String> pastColumns();

  /**
   * The step's values for every row of {@code table}, each computed from the events {@code
   * history} holds strictly before that row's cutoff; the table's own rows are not events.
   *
   * @throws org.mlengine.runtime.InvalidInputException when a row lacks its key or time
   */
  Table apply(Table table, History history);
}
