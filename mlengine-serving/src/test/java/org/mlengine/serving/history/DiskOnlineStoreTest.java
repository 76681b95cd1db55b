package org.mlengine.serving.history;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online store contract on {@link OnlineStore#onDisk} forcing every write, with small
 * segments and compactions so that the tests roll and compact the log; a restart closes the store
 * and opens the directory again.
 */
class DiskOnlineStoreTest extends OnlineStoreContract {
  @TempDir
  Path dir;

  @Override
  protected OnlineStore open(ManualClock clock) throws Exception {
    return OnlineStore.builder().clock(clock).fsync(FsyncPolicy.always()).segmentBytes(4096).compactAfterBytes(16384)
        .onDisk(dir.resolve("features"));
  }

  @Override
  protected boolean durable() {
    return true;
  }
}
