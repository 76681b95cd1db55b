package org.mlengine.serving.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlengine.serving.history.HistoryFixtures.CALLS;
import static org.mlengine.serving.history.HistoryFixtures.CALLS_BY_REGION;
import static org.mlengine.serving.history.HistoryFixtures.assertSameTable;
import static org.mlengine.serving.history.HistoryFixtures.byCustomer;
import static org.mlengine.serving.history.HistoryFixtures.byRegion;
import static org.mlengine.serving.history.HistoryFixtures.call;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Table;

/**
 * The disk history when its log refuses a write: what did not reach the log is not read (a table
 * all or nothing, the events a failed append's retention dropped read again), the error names
 * what failed, and the history answers lookups until it is closed and opens again with its log.
 */
class DiskHistoryFailureTest {
  /** Calls by customer and by region, 12 hours back; the retention keeps a day and at least 3 per key, so a newer call drops older ones. */
  private static final List<EventSource> SOURCES = List.of(
      new EventSource("calls", Optional.of("Customer"), "At", CALLS.values(), Optional.of(Duration.ofHours(12)), 3),
      new EventSource("calls", Optional.of("Region"), "At", CALLS_BY_REGION.values(), Optional.of(Duration.ofHours(12)), 3));
  private static final Retention DAY = Retention.of(Duration.ofDays(1), 3);
  private static final List<EventQuery> QUERIES = List.of(byCustomer("c0"), byCustomer("c1"), byRegion("r0"), byRegion("r1"));

  @TempDir
  Path dir;
  private final History memory = History.inMemory(DAY, SOURCES);

  private DiskHistory open(FsyncPolicy policy) throws IOException {
    return DiskHistory.builder(dir).retention(DAY).sources(SOURCES).fsync(policy).open();
  }

  /** Four calls of c0 in region r0 an hour apart, and one of c1 in r1, to both histories. */
  private void appendFirstCalls(History disk) {
    for (int i = 0; i < 4; i++) {
      both(disk, call("c0", "r0", i * 60L, i, "k", "n" + i));
    }
    both(disk, call("c1", "r1", 30, 9, "k", "n"));
  }

  private void both(History disk, Map<String, Object> event) {
    disk.append("calls", event);
    memory.append("calls", event);
  }

  private void assertSameAsMemory(History disk, String when) {
    for (EventQuery q : QUERIES) {
      assertSameTable(memory.events(q), disk.events(q), when + ", " + q.key().orElseThrow());
    }
  }

  @Test
  void append_whoseLogWriteFails_isNotRead_andWhatItsRetentionDroppedIsReadAgain() throws Exception {
    DiskHistory h = open(FsyncPolicy.always());
    try {
      appendFirstCalls(h);
      segmentOf(h).close();   // the next write to the log fails, as on a full disk
      // two days later: kept, it would drop c0's first calls (older than a day, beyond the latest 3)
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> h.append("calls", call("c0", "r0", 2 * 24 * 60, 5, "k", "late")));
      assertTrue(e.getMessage().startsWith("could not write the history's log in " + dir), e.getMessage());
      assertTrue(e.getMessage().contains("the last append was not acknowledged"), e.getMessage());
      assertSameAsMemory(h, "after the failed append");
      assertRefusesAppends(h, "");
    } finally {
      IOException closing = assertThrows(IOException.class, h::close);
      assertTrue(closing.getMessage().contains("had failed to write its log"), closing.getMessage());
    }
    try (DiskHistory again = open(FsyncPolicy.always())) {
      assertSameAsMemory(again, "reopened");
      both(again, call("c0", "r0", 2 * 24 * 60, 5, "k", "late"));   // usable again: the append the disk refused is taken now
      assertSameAsMemory(again, "after appending again");
    }
  }

  @Test
  void appendAll_whoseLogWriteFails_recordsNoneOfItsEvents() throws Exception {
    DiskHistory h = open(FsyncPolicy.always());
    try {
      appendFirstCalls(h);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 2_500; i++) {   // three frames; out of order, two keys per stream, and drops on the way
        rows.add(call("c" + (i % 2), "r" + (i % 3 % 2), (i * 7919L) % (3 * 24 * 60), i, "k" + (i % 4), "b" + i));
      }
      segmentOf(h).close();
      Table table = Table.fromRows(rows);
      assertThrows(UncheckedIOException.class, () -> h.appendAll("calls", table));
      assertSameAsMemory(h, "after the failed table");
    } finally {
      assertThrows(IOException.class, h::close);
    }
    try (DiskHistory again = open(FsyncPolicy.always())) {
      assertSameAsMemory(again, "reopened");
    }
  }

  @Test
  void interval_aWriteThatFails_takesBackTheAppendsSinceTheLastWrite() throws Exception {
    DiskHistory h = open(FsyncPolicy.interval(Duration.ofHours(1)));
    try {
      appendFirstCalls(h);
      h.sync();
      h.append("calls", call("c0", "r0", 2 * 24 * 60, 5, "k", "acknowledged, not written"));
      segmentOf(h).close();
      UncheckedIOException e = assertThrows(UncheckedIOException.class, h::sync);
      assertTrue(e.getMessage().startsWith("could not write the history's log in " + dir), e.getMessage());
      assertSameAsMemory(h, "after the failed write");
    } finally {
      assertThrows(IOException.class, h::close);
    }
    try (DiskHistory again = open(FsyncPolicy.always())) {
      assertSameAsMemory(again, "reopened");
    }
  }

  @Test
  void compaction_whoseForceFails_failsTheHistory_andTakesBackWhatItWrote() throws Exception {
    Map<String, Object> unforced = call("c0", "r0", 2 * 24 * 60, 5, "k", "written by the compaction, never forced");
    DiskHistory h = open(FsyncPolicy.interval(Duration.ofHours(1)));
    try {
      appendFirstCalls(h);
      h.sync();
      h.append("calls", unforced);
      filesOf(h).forceFails = new IOException("fsync failed");
      IOException e = assertThrows(IOException.class, h::compact);
      assertEquals("fsync failed", e.getMessage());
      assertSameAsMemory(h, "after the failed compaction");
      filesOf(h).forceFails = null;   // a later fsync may succeed on Linux: the history must not take appends regardless
      assertRefusesAppends(h, "fsync failed");
    } finally {
      IOException closing = assertThrows(IOException.class, h::close);
      assertTrue(closing.getMessage().contains("had failed to write its log: fsync failed"), closing.getMessage());
    }
    memory.append("calls", unforced);   // written, only its fsync "failed": this disk kept it, and reopening replays it
    try (DiskHistory again = open(FsyncPolicy.always())) {
      assertSameAsMemory(again, "reopened");
    }
  }

  /** The failed history refuses a later append, naming the failure that began with {@code cause}, and reads as before. */
  private void assertRefusesAppends(DiskHistory h, String cause) {
    UncheckedIOException later = assertThrows(UncheckedIOException.class, () -> h.append("calls", call("c1", "r1", 60, 1, "k", "n")));
    assertTrue(later.getMessage().contains("could not write its log (" + cause) && later.getMessage().contains("takes no more events"),
        later.getMessage());
    assertSameAsMemory(h, "after an append refused since");
  }

  /** The history's log directory. */
  private static LogDirectory filesOf(DiskHistory h) throws ReflectiveOperationException {
    Field files = DiskHistory.class.getDeclaredField("files");
    files.setAccessible(true);
    return (LogDirectory) files.get(h);
  }

  /** The history's open segment, to close under it as a failing disk would. */
  private static FileChannel segmentOf(DiskHistory h) throws ReflectiveOperationException {
    Field segment = LogDirectory.class.getDeclaredField("segment");
    segment.setAccessible(true);
    return (FileChannel) segment.get(filesOf(h));
  }
}
