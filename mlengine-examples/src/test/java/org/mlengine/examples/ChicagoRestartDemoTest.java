package org.mlengine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.Table;

/**
 * The restart demo on the last 40 held-out days: two models on one feature view, each served
 * by a child server process from a history directory, both killed with SIGKILL after day 20 and
 * started again; every served forecast equals the offline one bit for bit.
 */
class ChicagoRestartDemoTest {
  @Test
  void run_killAndRestartMidReplay_servesExactlyTheOfflineForecasts(@TempDir Path dir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ChicagoRestartDemo.Outcome outcome = ChicagoRestartDemo.run(ChicagoExample.ridershipData(), dir, 40, classPath,
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(2, outcome.models().size(), out);
    for (ChicagoRestartDemo.Served s : outcome.models()) {
      assertEquals(40, s.days(), out);
      assertEquals(40, s.equal(), out);
    }
    assertNotNull(outcome.killedAfter(), out);
    assertTrue(out.contains("killed both servers (SIGKILL) after appending " + outcome.killedAfter().toString().substring(0, 10)
        + ", 21 days into the replay"), out);
    assertTrue(out.contains("chicago-tree: 40 of 40 served forecasts equal the offline ones bit for bit"), out);
    assertTrue(out.contains("chicago-linear: 40 of 40 served forecasts equal the offline ones bit for bit"), out);
    assertTrue(Files.isDirectory(dir.resolve("chicago-tree-history")), "the tree's history directory");
    assertTrue(Files.isRegularFile(dir.resolve("features/ridership_history/v1.json")), "the view in the store's directory");
    assertTrue(out.contains("point-in-time training set: 5698 days x 10 view columns"), out);
    assertTrue(out.contains("chicago-tree (held-out mae "), out);
    assertTrue(out.contains("was fitted on exactly the training set's 56980 view values, ridership_history v1"), out);
  }

  /**
   * A failed start leaves no server behind: when the first of two servers exits at once (its
   * bundle is missing), the second, which would listen, is killed before the error reaches the
   * caller; a server that does not listen within the limit is killed too.
   */
  @Test
  void startServers_whenOneFailsOrTimesOut_leavesNoChildProcessAlive(@TempDir Path dir) throws IOException {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Table days = ChicagoExample.ridershipData();
    Path bundle = dir.resolve("windows.mlb");
    ChicagoExample.pipeline().fit(days.rows(IntStream.range(0, 300).toArray())).bundle().save(bundle);
    Path missing = dir.resolve("missing.mlb");
    IllegalStateException failed = assertThrows(IllegalStateException.class, () -> ChicagoRestartDemo.startServers(
        List.of(missing, bundle), List.of(dir.resolve("h0"), dir.resolve("h1")), classPath, Duration.ofMinutes(2)));
    assertTrue(failed.getMessage().startsWith("the server for missing.mlb did not start: "), failed.getMessage());
    assertEquals(List.of(), childrenAlive(), "servers alive after the other's failed start");
    IOException late = assertThrows(IOException.class, () -> ChicagoRestartDemo.startServers(List.of(bundle),
        List.of(dir.resolve("h2")), classPath, Duration.ofMillis(1)));
    assertEquals("the server for windows.mlb did not listen within 1 ms of its start; its log is beside its history directory",
        late.getMessage());
    assertEquals(List.of(), childrenAlive(), "servers alive after a start that timed out");
  }

  /**
   * This JVM's child processes still alive (the tests of a module run one at a time, so these are
   * the test's), each as its pid and command.
   */
  private static List<String> childrenAlive() {
    return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .map(p -> p.pid() + " " + p.info().command().orElse("?")).toList();
  }

  @Test
  void requireExact_aForecastOffByOneUlp_failsNamingTheModelTheDayAndBothValues() {
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> ChicagoRestartDemo.requireExact("chicago-tree", "2016-08-28", Math.nextUp(15.5), 15.5));
    assertEquals("chicago-tree served 15.500000000000002 for 2016-08-28, but the offline forecast is 15.5 (a difference of"
        + " 1.7763568394002505E-15): the served value is not the trained pipeline's", e.getMessage());
    ChicagoRestartDemo.requireExact("chicago-tree", "2016-08-28", 15.5, 15.5);
  }
}
