package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Table;

/**
 * A child JVM appends to a disk history as fast as it can and is killed with SIGKILL
 * ({@code destroyForcibly}); on reopening, the log's torn tail (if any) is cut, the events are a
 * gapless prefix of what was appended, and: with ALWAYS every acknowledged event is there; with
 * INTERVAL every event acknowledged more than the interval (plus the writer's slack on a loaded
 * two-core machine) before the kill is there. While the child holds the directory, this process
 * cannot open it.
 */
class DiskHistoryCrashTest {
  private static final long INTERVAL_MILLIS = 200;
  /** The flusher's own delay beyond the interval on a loaded 2-core machine: its wake-up, the write and the force. */
  private static final long SLACK_MILLIS = 800;

  @TempDir
  Path dir;

  @Test
  void kill_withAlways_losesNoAcknowledgedEvent() throws Exception {
    Crash crash = runAndKill("always");
    assertTrue(crash.acknowledged.size() > 50, "the worker acknowledged only " + crash.acknowledged.size() + " events");
    assertTrue(crash.kept >= crash.acknowledged.size(), "the history holds " + crash.kept + " events; "
        + crash.acknowledged.size() + " were acknowledged before the kill");
    assertTrue(crash.kept <= crash.acknowledged.size() + 1, "at most the append under way when killed is there unacknowledged");
  }

  @Test
  void kill_withInterval_losesAtMostTheLastInterval() throws Exception {
    Crash crash = runAndKill("interval:" + INTERVAL_MILLIS);
    long mustHave = 0;
    for (long[] ack : crash.acknowledged) {
      if (ack[1] < crash.killedAt - INTERVAL_MILLIS - SLACK_MILLIS) {
        mustHave = ack[0] + 1;
      }
    }
    assertTrue(mustHave > 200, "the worker acknowledged " + crash.acknowledged.size() + " events, " + mustHave + " before the bound");
    assertTrue(crash.kept >= mustHave, "the history holds " + crash.kept + " events; every one of the first " + mustHave
        + " was acknowledged more than " + (INTERVAL_MILLIS + SLACK_MILLIS) + " ms before the kill");
  }

  private record Crash(List<long[]> acknowledged, long killedAt, long kept) {}

  private Crash runAndKill(String policy) throws Exception {
    KilledWorker.Run run = KilledWorker.run(dir, HistoryWorker.class, List.of(dir.toString(), policy), 2_500, pid -> {
      IOException busy = assertThrows(IOException.class, () -> DiskHistory.builder(dir.resolve("history"))
          .sources(List.of(HistoryFixtures.CALLS)).open());
      assertEquals("the history directory " + dir.resolve("history") + " is in use by another open history (pid " + pid
          + "); close that one first (history.close()), or give this one a directory of its own", busy.getMessage());
    });
    try (DiskHistory reopened = DiskHistory.builder(dir.resolve("history")).retention(Retention.unbounded())
        .sources(List.of(HistoryFixtures.CALLS)).open()) {
      return new Crash(run.acknowledged(), run.killedAt(), gaplessCount(reopened));
    }
  }

  /** How many events the history holds, checking they are exactly events 0..n-1, each key's in order. */
  private static long gaplessCount(DiskHistory history) {
    List<Long> numbers = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      Table t = history.events(HistoryFixtures.byCustomer("c" + k));
      for (int r = 0; r < t.rowCount(); r++) {
        long n = (long) t.numeric("Minutes", r);
        assertEquals(k, n % 5, "event " + n + " under key c" + k);
        assertEquals(HistoryFixtures.at(n), t.timestamp("At", r), "event " + n + "'s time");
        numbers.add(n);
      }
    }
    numbers.sort(null);
    for (int i = 0; i < numbers.size(); i++) {
      assertEquals(i, numbers.get(i), "the history holds events 0.." + (numbers.size() - 1) + " with no gap");
    }
    return numbers.size();
  }
}
