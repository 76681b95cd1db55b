package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four writers, each with a store (and connections) of its own as four processes would have,
 * register, promote, roll back and delete at random against one PostgreSQL database for a while;
 * then every alias points at a version that exists and whose bytes are whole, version numbers
 * have no duplicates, and each alias's history is one unbroken chain (each move starts where the
 * one before it ended). The default suite runs it for 2 s, and on past that (up to a minute) until
 * every kind of operation has succeeded once, since a loaded machine may do only a few in 2 s;
 * {@code -Dmlengine.jdbc.stressSeconds=30} runs it as long as issue #16's registry goal asks.
 */
class JdbcRegistryStoreStressTest {
  private static final int WRITERS = 4;
  private static final List<String> ALIASES = List.of("production", "candidate");
  /** The operations that must each succeed at least once for the run to have exercised the store. */
  private static final List<String> KINDS = List.of("added", "promoted", "deleted");
  /** How long past its time a run goes on at most, waiting for every kind of operation to succeed. */
  private static final long OVERTIME_SECONDS = 60;

  @TempDir Path dir;

  @Test
  void randomOperationsFromFourStores_leaveEveryAliasOnAWholeVersionAndEveryHistoryUnbroken() throws Exception {
    String url = PostgresServer.shared().newDatabase();
    long seconds = Long.getLong("mlengine.jdbc.stressSeconds", 2);
    try (JdbcRegistryStore store = JdbcRegistryStore.open(url, new Properties())) {
      store.add(draft("seed-0"), bundle("seed-0"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      AtomicInteger names = new AtomicInteger();
      Map<String, Integer> succeeded = new java.util.concurrent.ConcurrentHashMap<>();
      List<Future<Map<String, Integer>>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        long seed = 1000L + w;
        writers.add(pool.submit(() -> write(url, new Random(seed), deadline, names, succeeded)));
      }
      Map<String, Integer> outcomes = new HashMap<>();
      try {
        for (Future<Map<String, Integer>> f : writers) {
          f.get(seconds + OVERTIME_SECONDS + 120, TimeUnit.SECONDS).forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
        }
      } finally {
        pool.shutdownNow();
      }
      assertTrue(KINDS.stream().allMatch(k -> outcomes.getOrDefault(k, 0) > 0),
          "every kind of operation succeeded at least once: " + outcomes);
      check(store);
    }
  }

  /**
   * One writer's random operations until the deadline (and past it, for at most {@value
   * #OVERTIME_SECONDS} s, until every kind has succeeded in some writer), checking its own reads
   * as it goes; what it did, by outcome.
   */
  private Map<String, Integer> write(String url, Random random, long deadline, AtomicInteger names,
      Map<String, Integer> succeeded) throws Exception {
    Map<String, Integer> outcomes = new HashMap<>();
    long overtime = deadline + TimeUnit.SECONDS.toNanos(OVERTIME_SECONDS);
    try (JdbcRegistryStore store = JdbcRegistryStore.open(url, new Properties())) {
      while (System.nanoTime() < deadline
          || System.nanoTime() < overtime && !KINDS.stream().allMatch(k -> succeeded.getOrDefault(k, 0) > 0)) {
        String outcome;
        try {
          outcome = step(store, random, names);
        } catch (ConcurrentModificationException | NoSuchElementException | IllegalStateException e) {
          outcome = e.getClass().getSimpleName();
        }
        outcomes.merge(outcome, 1, Integer::sum);
        succeeded.merge(outcome, 1, Integer::sum);
        for (Map.Entry<String, Integer> alias : store.aliases("credit").entrySet()) {
          // The alias may move or its old version go between these two reads; a version it pointed at was whole when read.
          store.version("credit", alias.getValue()).ifPresent(v -> assertWhole(store, v));
        }
      }
    }
    return outcomes;
  }

  private String step(JdbcRegistryStore store, Random random, AtomicInteger names) throws IOException {
    int op = random.nextInt(10);
    if (op < 3) {
      String name = "b" + names.incrementAndGet();
      store.add(draft(name), bundle(name));
      return "added";
    }
    List<ModelVersion> versions = store.versions("credit");
    if (versions.isEmpty()) {
      return "empty";
    }
    String alias = ALIASES.get(random.nextInt(ALIASES.size()));
    Integer now = store.aliases("credit").get(alias);
    OptionalInt expected = now == null ? OptionalInt.empty() : OptionalInt.of(now);
    if (op < 6) {
      int to = versions.get(random.nextInt(versions.size())).number();
      store.moveAlias("credit", alias, expected, OptionalInt.of(to), AliasMove.Kind.PROMOTE, "w", "");
      return "promoted";
    }
    if (op < 8) {
      OptionalInt back = previous(store.history("credit"), alias, expected);
      if (back.isEmpty()) {
        return "nothing to roll back";
      }
      store.moveAlias("credit", alias, expected, back, AliasMove.Kind.ROLLBACK, "w", "");
      return "rolled back";
    }
    store.delete("credit", versions.get(random.nextInt(versions.size())).number());
    return "deleted";
  }

  /** Where the alias was before its last move to where it is now, if it was anywhere. */
  private static OptionalInt previous(List<AliasMove> history, String alias, OptionalInt now) {
    for (int i = history.size() - 1; i >= 0; i--) {
      AliasMove m = history.get(i);
      if (m.alias().equals(alias)) {
        return m.to().equals(now) ? m.from() : OptionalInt.empty();
      }
    }
    return OptionalInt.empty();
  }

  private void check(JdbcRegistryStore store) throws IOException {
    List<ModelVersion> versions = store.versions("credit");
    for (int i = 1; i < versions.size(); i++) {
      assertTrue(versions.get(i - 1).number() < versions.get(i).number(), "distinct ascending numbers");
    }
    for (Map.Entry<String, Integer> alias : store.aliases("credit").entrySet()) {
      ModelVersion v = store.version("credit", alias.getValue())
          .orElseThrow(() -> new AssertionError("alias " + alias + " points at a missing version"));
      assertWhole(store, v);
    }
    List<AliasMove> history = store.history("credit");
    Map<String, OptionalInt> at = new HashMap<>();
    for (int i = 0; i < history.size(); i++) {
      AliasMove m = history.get(i);
      assertEquals(i + 1, m.sequence(), "history sequences run 1..n");
      assertEquals(at.getOrDefault(m.alias(), OptionalInt.empty()), m.from(), "move " + m + " starts where the alias was");
      at.put(m.alias(), m.to());
    }
    Map<String, Integer> end = new HashMap<>();
    at.forEach((alias, v) -> v.ifPresent(n -> end.put(alias, n)));
    assertEquals(end, store.aliases("credit"), "the history ends where the aliases are");
  }

  private static void assertWhole(JdbcRegistryStore store, ModelVersion v) {
    byte[] expected = contents(v.bundleId());
    assertEquals(expected.length, v.bytes());
    try (InputStream in = store.openBundle("credit", v.number())) {
      assertArrayEquals(expected, in.readAllBytes(), "the bytes of " + v.bundleId());
    } catch (NoSuchElementException e) {
      // deleted since it was read: whole is all it had to be
    } catch (IOException e) {
      throw new AssertionError("reading the bundle of " + v, e);
    }
  }

  private Path bundle(String name) throws IOException {
    return Files.write(dir.resolve(name + ".mlb"), contents(name));
  }

  /** A bundle's bytes follow from its name, so that any version's bytes can be checked whole. */
  private static byte[] contents(String name) {
    byte[] bytes = new byte[1000 + Math.floorMod(name.hashCode(), 5000)];
    new Random(name.hashCode()).nextBytes(bytes);
    byte[] tag = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(tag, 0, bytes, 0, tag.length);
    return bytes;
  }

  private static ModelVersion draft(String bundleId) {
    return new ModelVersion("credit", 1, bundleId, Optional.empty(), Map.of(), Map.of(), "w", Instant.EPOCH, "", 0);
  }
}
