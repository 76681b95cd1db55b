package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.mlengine.runtime.Retention;

/**
 * Taking back a key log's latest adds, last first, leaves it as if they never happened: the same
 * live events in the same order (those their retention dropped back in place), the same newest
 * time, and the same answers to the adds that follow.
 */
class KeyLogProperties {
  @Property
  void undoingTheLatestAdds_leavesTheLogAsBeforeThem(
      @ForAll @Size(min = 1, max = 60) List<@LongRange(min = -20, max = 40) Long> times,
      @ForAll @IntRange(min = 0, max = 60) int kept,
      @ForAll @IntRange(min = 1, max = 12) int maxAge,
      @ForAll @IntRange(min = 0, max = 4) int latestPerKey,
      @ForAll @LongRange(min = -20, max = 40) long after) {
    Retention retention = Retention.of(Duration.ofMillis(maxAge), latestPerKey);
    int keep = Math.min(kept, times.size());
    KeyLog log = new KeyLog(1);
    KeyLog reference = new KeyLog(1);
    List<KeyLog.Added> added = new ArrayList<>();
    for (int i = 0; i < times.size(); i++) {
      Object[] row = {"event " + i};
      added.add(log.add(times.get(i), row, retention));
      if (i < keep) {
        reference.add(times.get(i), row, retention);
      }
    }
    for (int i = times.size() - 1; i >= keep; i--) {
      added.get(i).undo();
    }
    assertSame(reference, log, "after taking back " + (times.size() - keep) + " of " + times.size() + " adds");
    Object[] next = {"next"};
    log.add(after, next, retention);
    reference.add(after, next, retention);
    assertSame(reference, log, "after one more add");
  }

  private static void assertSame(KeyLog expected, KeyLog actual, String when) {
    KeyLog.Slice e = expected.all();
    KeyLog.Slice a = actual.all();
    assertArrayEquals(e.times(), a.times(), when + ": times");
    assertArrayEquals(e.columns()[0], a.columns()[0], when + ": values");
    assertEquals(expected.newest(), actual.newest(), when + ": newest");
    assertEquals(expected.liveCount(), actual.liveCount(), when + ": live events");
  }
}
