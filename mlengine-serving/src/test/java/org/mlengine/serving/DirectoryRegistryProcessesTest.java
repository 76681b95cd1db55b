package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #16's registry goal: several processes promoting, rolling back, removing, registering and
 * retaining on one registry directory at once never leave an alias pointing at a missing or
 * partial version, and never break the history's chain. Each child JVM runs {@link
 * RegistryWorker} with its own seed (a random operation sequence) and checks the invariants
 * itself; this test checks them too while the children run, and once more at rest.
 *
 * <p>The default suite runs 4 processes for 3 seconds each, longer where a worker has not yet
 * promoted and rolled back (see {@link RegistryWorker}). The goal's run is 30 seconds:
 * {@code mvn -pl mlengine-serving -am verify -Dtest=DirectoryRegistryProcessesTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dmlengine.registry.soak=30} (seconds; the seeds are
 * 1..4 plus {@code -Dmlengine.registry.seed}, 0 by default).
 */
class DirectoryRegistryProcessesTest {
  static final int PROCESSES = 4;

  @TempDir Path scratch;

  @Test
  void processes_writingAtOnce_neverLeaveABrokenAliasOrHistory() throws Exception {
    long seconds = Long.getLong("mlengine.registry.soak", 3);
    long baseSeed = Long.getLong("mlengine.registry.seed", 0);
    Path dir = scratch.resolve("registry");
    List<Process> children = start(dir, baseSeed, PROCESSES, seconds * 1000);
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      awaitReady(dir, children);
      Files.createFile(dir.resolve("go"));
      int checks = watch(registry, children, null);
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < PROCESSES; i++) {
        String log = read(log(dir, baseSeed + i + 1));
        out.append("worker ").append(baseSeed + i + 1).append(": ").append(log.strip()).append('\n');
        assertEquals(0, children.get(i).exitValue(), "worker " + (baseSeed + i + 1) + " failed:\n" + log);
      }
      assertEquals(List.of(), RegistryInvariants.checkAtRest(registry, RegistryWorker.MODEL), out.toString());
      List<AliasMove> history = registry.history(RegistryWorker.MODEL);
      long rollbacks = history.stream().filter(m -> m.kind() == AliasMove.Kind.ROLLBACK).count();
      long writers = history.stream().map(AliasMove::by).distinct().count();
      System.out.printf("registry processes: %d s, %d moves (%d rollbacks), %d versions left, %d checks by the test%n%s",
          seconds, history.size(), rollbacks, registry.versions(RegistryWorker.MODEL).size(), checks, out);
      assertTrue(rollbacks > 0 && writers == PROCESSES && checks > 0,
          "the run exercised too little: " + history.size() + " moves, " + rollbacks + " rollbacks, " + writers
              + " writers, " + checks + " checks by the test\n" + out);
    } finally {
      children.forEach(Process::destroyForcibly);
    }
  }

  @Test
  void aWriterKilledMidWrite_leavesNoBrokenAliasOrVersion_andTheNextWriterCleansUp() throws Exception {
    Path dir = scratch.resolve("registry");
    List<Process> children = new ArrayList<>(start(dir, 10, 2, 2000));
    Process victim = start(dir, 20, 1, 60_000).get(0);
    children.add(victim);
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir)) {
      awaitReady(dir, children);
      Files.createFile(dir.resolve("go"));
      watch(registry, children, victim);
      assertEquals(0, children.get(0).exitValue(), read(log(dir, 11)));
      assertEquals(0, children.get(1).exitValue(), read(log(dir, 12)));
      assertEquals(List.of(), RegistryInvariants.checkAtRest(registry, RegistryWorker.MODEL));
      Path model = dir.resolve("models").resolve(RegistryWorker.MODEL);
      List<String> left = leftovers(model);
      int newest = registry.register(RegistryWorker.MODEL, RegistryBundles.firstFile(), Registration.by("test", "after")).number();
      registry.promote(RegistryWorker.MODEL, "production", newest, "test", "after the kill");
      assertEquals(List.of(), leftovers(model), "the kill left " + left);
      assertEquals(List.of(), RegistryInvariants.checkAtRest(registry, RegistryWorker.MODEL));
      System.out.println("registry writer killed by SIGKILL left " + left);
    } finally {
      children.forEach(Process::destroyForcibly);
    }
  }

  private static List<String> leftovers(Path model) throws IOException {
    try (var entries = Files.list(model)) {
      return entries.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(DirectoryRegistryStore.TEMP) || n.startsWith(DirectoryRegistryStore.TRASH)).sorted().toList();
    }
  }

  /** Starts {@code count} workers with seeds {@code baseSeed + 1...}; each waits for a {@code go} file. */
  private static List<Process> start(Path dir, long baseSeed, int count, long millis) throws IOException {
    Files.createDirectories(dir);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    // A killed worker cannot remove its temporary copy of a bundle being registered: keep those in the test's folder.
    Path temp = Files.createDirectories(dir.resolveSibling("tmp"));
    List<Process> children = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      long seed = baseSeed + i;
      children.add(new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + temp, "-cp", classPath,
          RegistryWorker.class.getName(), dir.toString(), RegistryBundles.firstFile().toString(),
          RegistryBundles.secondFile().toString(), Long.toString(seed), Long.toString(millis))
          .redirectErrorStream(true).redirectOutput(log(dir, seed).toFile()).start());
    }
    return children;
  }

  private static Path log(Path dir, long seed) {
    return dir.resolveSibling("worker-" + seed + ".log");
  }

  /**
   * Checks the invariants every 100 ms until the workers end, and fails on the first violation.
   * A {@code victim}, if any, is killed (SIGKILL, wherever it is) once the others have ended, so
   * that what it leaves behind stays for the test to see.
   */
  private static int watch(ModelRegistry registry, List<Process> children, Process victim) throws Exception {
    int checks = 0;
    while (children.stream().anyMatch(Process::isAlive)) {
      assertEquals(List.of(), RegistryInvariants.check(registry, RegistryWorker.MODEL), "seen by the test while the workers ran");
      checks++;
      if (victim != null && victim.isAlive() && children.stream().filter(Process::isAlive).count() == 1) {
        Thread.sleep(37);
        victim.destroyForcibly().waitFor();
      }
      Thread.sleep(100);
    }
    for (Process p : children) {
      p.waitFor(60, TimeUnit.SECONDS);
    }
    return checks;
  }

  /** Waits until every worker has warmed up (their JVMs start slowly on a busy machine). */
  private static void awaitReady(Path dir, List<Process> children) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      long ready;
      try (var files = Files.list(dir)) {
        ready = files.filter(p -> p.getFileName().toString().startsWith("ready-")).count();
      }
      if (ready == children.size()) {
        return;
      }
      for (int i = 0; i < children.size(); i++) {
        if (!children.get(i).isAlive()) {
          throw new AssertionError("worker " + (i + 1) + " ended before the start (see its log in " + dir.getParent() + ")");
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + ready + " of " + children.size() + " workers were ready after 120 s");
      }
      Thread.sleep(10);
    }
  }

  private static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log) : "(no output)";
  }
}
