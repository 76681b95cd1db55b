package org.mlengine.serving.history;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;

/**
 * The contract on {@link DiskHistory} forcing every append, with small segments so that the
 * tests roll segments; a restart closes it and opens the directory again.
 */
class DiskHistoryContractTest extends HistoryContract {
  @TempDir
  Path scratch;
  private Path dir;
  private int count;

  @Override
  protected History open(Retention retention, List<EventSource> sources) throws Exception {
    return DiskHistory.builder(dir).retention(retention).sources(sources).fsync(FsyncPolicy.always()).segmentBytes(4096).open();
  }

  @Override
  protected void fresh() {
    dir = scratch.resolve("history-" + (++count));
  }
}
