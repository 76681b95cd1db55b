package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM writes rows to a disk online store as fast as it can and is killed with SIGKILL; on
 * reopening, each key's row is the latest write of that key that the store kept, and: with ALWAYS
 * every acknowledged write is there (each key's row is at least its last acknowledged write); with
 * INTERVAL every write acknowledged more than the interval (plus the writer's slack on a loaded
 * two-core machine) before the kill is there. While the child holds the directory, this process
 * cannot open it.
 */
class OnlineStoreCrashTest {
  private static final long INTERVAL_MILLIS = 200;
  private static final long SLACK_MILLIS = 800;

  @TempDir
  Path dir;

  @Test
  void kill_withAlways_losesNoAcknowledgedWrite() throws Exception {
    Crash crash = runAndKill("always");
    assertTrue(crash.run.acknowledged().size() > 50, "the worker acknowledged only " + crash.run.acknowledged().size() + " writes");
    long last = crash.run.acknowledged().get(crash.run.acknowledged().size() - 1)[0];
    for (int k = 0; k < 5; k++) {
      long lastOfKey = last - Math.floorMod(last - k, 5);
      assertTrue(crash.kept[k] >= lastOfKey, "key r" + k + " holds write " + crash.kept[k] + "; write " + lastOfKey
          + " was acknowledged before the kill");
      assertTrue(crash.kept[k] <= last + 5, "key r" + k + " holds write " + crash.kept[k] + ", beyond the one under way");
    }
  }

  @Test
  void kill_withInterval_losesAtMostTheLastInterval() throws Exception {
    Crash crash = runAndKill("interval:" + INTERVAL_MILLIS);
    long mustHave = -1;
    for (long[] ack : crash.run.acknowledged()) {
      if (ack[1] < crash.run.killedAt() - INTERVAL_MILLIS - SLACK_MILLIS) {
        mustHave = ack[0];
      }
    }
    assertTrue(mustHave > 200, "the worker acknowledged " + crash.run.acknowledged().size() + " writes, " + mustHave
        + " before the bound");
    for (int k = 0; k < 5; k++) {
      long lastOfKey = mustHave - Math.floorMod(mustHave - k, 5);
      assertTrue(crash.kept[k] >= lastOfKey, "key r" + k + " holds write " + crash.kept[k] + "; write " + lastOfKey
          + " was acknowledged more than " + (INTERVAL_MILLIS + SLACK_MILLIS) + " ms before the kill");
    }
  }

  private record Crash(KilledWorker.Run run, long[] kept) {}

  private Crash runAndKill(String policy) throws Exception {
    Path storeDir = dir.resolve("store");
    KilledWorker.Run run = KilledWorker.run(dir, OnlineStoreWorker.class, List.of(dir.toString(), policy), 2_500, pid -> {
      IOException busy = assertThrows(IOException.class, () -> OnlineStore.onDisk(storeDir, FsyncPolicy.always()));
      assertEquals("the online store directory " + storeDir + " is in use by another open online store (pid " + pid
          + "); close that one first (store.close()), or give this one a directory of its own", busy.getMessage());
    });
    try (OnlineStore reopened = OnlineStore.onDisk(storeDir, FsyncPolicy.always())) {
      reopened.declare(OnlineStoreWorker.VIEW);
      long[] kept = new long[5];
      for (int k = 0; k < 5; k++) {
        OnlineFeatures row = reopened.read("counts", "r" + k).orElseThrow();
        kept[k] = (long) row.number("n");
        assertEquals(k, kept[k] % 5, "key r" + k + " holds write " + kept[k]);
        assertEquals(OnlineStoreWorker.asOf(kept[k]), row.asOf(), "write " + kept[k] + "'s as-of time");
      }
      return new Crash(run, kept);
    }
  }
}
