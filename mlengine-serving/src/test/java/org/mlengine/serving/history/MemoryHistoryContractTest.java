package org.mlengine.serving.history;

import java.util.List;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;

/**
 * The contract on {@code History.inMemory} itself, so the contract's written-down values are
 * checked against the reference the other stores are compared with (a restart keeps the same
 * instance: memory survives no real restart).
 */
class MemoryHistoryContractTest extends HistoryContract {
  private History current;
  private boolean opened;

  @Override
  protected History open(Retention retention, List<EventSource> sources) {
    if (!opened || current == null) {
      current = History.inMemory(retention, sources);
      opened = true;
    }
    return current;
  }

  @Override
  protected void fresh() {
    current = null;
    opened = false;
  }
}
