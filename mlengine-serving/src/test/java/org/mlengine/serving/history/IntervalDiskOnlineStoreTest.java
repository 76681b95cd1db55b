package org.mlengine.serving.history;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/** The online store contract on {@link OnlineStore#onDisk} with an interval fsync policy and the default log sizes. */
class IntervalDiskOnlineStoreTest extends OnlineStoreContract {
  @TempDir
  Path dir;

  @Override
  protected OnlineStore open(ManualClock clock) throws Exception {
    return OnlineStore.builder().clock(clock).fsync(FsyncPolicy.interval(Duration.ofMillis(20))).onDisk(dir.resolve("features"));
  }

  @Override
  protected boolean durable() {
    return true;
  }
}
