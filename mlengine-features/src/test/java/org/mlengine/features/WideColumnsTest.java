package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14 item 3: one-hot, hashing and TF-IDF of a column with a million levels fit and apply in
 * a heap of 256 MB, in a child JVM ({@link WideColumns}) so that the limit is real. Every level
 * is in one row, so the output has a million non-zeros; the input table itself (a million
 * distinct strings and their dictionary) takes about half the heap. The dense one-hot this
 * replaces needed one double per row and level: 8 TB here, and 20 GB for 50,000 levels, which
 * ran out of a 1 GB heap in two seconds.
 */
class WideColumnsTest {

  private static List<String> run(Path dir, String heap, String... args) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx" + heap, "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), WideColumns.class.getName()));
    command.addAll(List.of(args));
    Path out = dir.resolve("child.out");
    Path err = dir.resolve("child.err");
    // Output goes to files, not a pipe: reading a pipe would block until the child exits, and the
    // timeout below would never take effect.
    Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!child.waitFor(120, TimeUnit.SECONDS)) {
      child.destroyForcibly().waitFor();
      fail("the child JVM did not finish within 120 s; it printed: " + readQuietly(out) + readQuietly(err));
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(0, child.exitValue(), () -> output + readQuietly(err));
    return output.lines().toList();
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "(no stderr: " + e.getMessage() + ")";
    }
  }

  /** The part of a child's line the test checks: the step, the levels and the output's shape, not time or memory. */
  private static String shape(String line) {
    return line.replaceAll(" time_ms=\\d+ peak_heap_mb=\\d+", "");
  }

  @Test
  void oneHotHashingAndTfidf_aMillionLevels_fitAndApplyIn256Megabytes(@TempDir Path dir) throws Exception {
    List<String> lines = run(dir, "256m", "1000000", "onehot", "hashing", "tfidf");
    assertEquals(List.of(
            "onehot levels=1000000 type=VECTOR dimensions=1000000 non_zeros=1000000",
            "hashing levels=1000000 type=VECTOR dimensions=262144 non_zeros=1000000",
            "tfidf levels=1000000 type=VECTOR dimensions=1000000 non_zeros=1000000"),
        lines.stream().map(WideColumnsTest::shape).toList());
  }

  @Test
  void oneHot_fiftyThousandLevels_fitsAndAppliesIn64Megabytes(@TempDir Path dir) throws Exception {
    List<String> lines = run(dir, "64m", "50000", "onehot");
    assertEquals(List.of("onehot levels=50000 type=VECTOR dimensions=50000 non_zeros=50000"),
        lines.stream().map(WideColumnsTest::shape).toList());
  }
}
