package org.mlengine.serving.history;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;

/** The contract on {@link DiskHistory} with the INTERVAL policy and compaction after every roll. */
class IntervalDiskHistoryContractTest extends HistoryContract {
  @TempDir
  Path scratch;
  private Path dir;
  private int count;

  @Override
  protected History open(Retention retention, List<EventSource> sources) throws Exception {
    return DiskHistory.builder(dir).retention(retention).sources(sources).fsync(FsyncPolicy.interval(Duration.ofMillis(5)))
        .segmentBytes(4096).open();
  }

  @Override
  protected void fresh() {
    dir = scratch.resolve("history-" + (++count));
  }
}
