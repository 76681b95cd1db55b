package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process logging continuously is killed (SIGKILL): the log must hold every request handed to
 * it more than a flush interval before the kill, in order, each line whole, except a torn last
 * line that the reader skips and reports. The bound is on the flush to the operating system (a
 * killed process loses what it had not handed over), not on the sync to disk.
 */
class PredictionLogCrashTest {
  private static final long FLUSH_MILLIS = 100;
  /**
   * The writer's own delay beyond the flush interval on a loaded 2-core machine (its park and the
   * write to the system; the sync to disk runs on the log's second thread, so a slow force() no
   * longer delays the next flush to the system, but the bound keeps the old slack for the load).
   */
  private static final long SLACK_MILLIS = 900;

  @TempDir
  Path dir;

  @Test
  void kill_losesAtMostTheLastFlushInterval() throws Exception {
    Path logDir = dir.resolve("log");
    Files.createDirectories(logDir);
    Path progress = dir.resolve("progress.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", classPath,
        LogWorker.class.getName(), logDir.toString(), RegistryBundles.firstFile().toString(), Long.toString(FLUSH_MILLIS))
        .redirectError(dir.resolve("stderr.txt").toFile()).redirectOutput(progress.toFile()).start();
    try {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(logDir.resolve("ready")) && child.isAlive() && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertTrue(Files.exists(logDir.resolve("ready")), "the worker did not start: " + Files.readString(dir.resolve("stderr.txt")));
      Thread.sleep(2_000);   // past the bound: requests handed over before (kill - flush - slack) must be there
    } finally {
      child.destroyForcibly();
    }
    long killed = System.currentTimeMillis();
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));

    List<String> skipped = new ArrayList<>();
    List<String> logged = PredictionLogTest.read(logDir, skipped).stream().map(LoggedPrediction::requestId).toList();
    for (int i = 0; i < logged.size(); i++) {
      assertEquals("r-" + i, logged.get(i), "the log holds the requests in order, with no gap");
    }
    assertTrue(skipped.size() <= 1, skipped.toString());
    if (skipped.size() == 1) {
      assertTrue(skipped.get(0).endsWith("the last line has no end (the writer stopped mid-record, as in a crash); skipped"),
          skipped.get(0));
    }
    // Every request handed to the log before (kill - flush interval - slack) must be there.
    List<String> lines = Files.readAllLines(progress);
    long mustHave = 0;
    for (String line : lines) {
      String[] parts = line.split(" ");
      if (parts.length == 2 && Long.parseLong(parts[1]) < killed - FLUSH_MILLIS - SLACK_MILLIS) {
        mustHave = Long.parseLong(parts[0]) + 1;
      }
    }
    assertTrue(mustHave > 200, "the worker served " + lines.size() + " requests; " + mustHave + " before the bound");
    assertTrue(logged.size() >= mustHave, "the log holds " + logged.size() + " requests; every one of the first "
        + mustHave + " was handed to it more than " + (FLUSH_MILLIS + SLACK_MILLIS) + " ms before the kill");
  }
}
