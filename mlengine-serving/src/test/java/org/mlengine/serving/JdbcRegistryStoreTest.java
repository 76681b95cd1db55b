package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link JdbcRegistryStore} against a real PostgreSQL server ({@link PostgresServer}, shared by
 * the JVM), each test in a database of its own, through the store's own methods; the concurrent
 * tests use a store (and so connections) per thread, as processes of a fleet would.
 */
class JdbcRegistryStoreTest {
  private static final int THREADS = 8;
  private static final Instant T0 = Instant.parse("2026-12-07T05:30:00.123456789Z");

  @TempDir Path dir;

  private String url;
  private String where;
  private TickingClock clock;
  private JdbcRegistryStore store;

  @BeforeEach
  void freshDatabase() throws IOException {
    url = PostgresServer.shared().newDatabase();
    where = "the registry database " + url.substring(0, url.indexOf('?'));
    clock = new TickingClock(T0, Duration.ofNanos(1_000_500));
    store = JdbcRegistryStore.open(source(), clock);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void add_numbersEachModelFromOneUpAndIgnoresTheDraftsNumber() throws Exception {
    Path file = bundle("a", 10);
    List<Integer> credit = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      credit.add(store.add(draft("credit", "b" + i), file).number());
    }
    assertEquals(List.of(1, 2, 3), credit);
    assertEquals(1, store.add(draft("churn", "c"), file).number());
    assertEquals(List.of("churn", "credit"), store.models());
    assertEquals(List.of(1, 2, 3), store.versions("credit").stream().map(ModelVersion::number).toList());
    assertEquals(List.of(), store.versions("unknown"));
    assertEquals(Optional.empty(), store.version("credit", 4));
    assertEquals(Map.of(), store.aliases("credit"));
    assertEquals(List.of(), store.history("credit"));
  }

  @Test
  void add_metadata_roundTripsEveryFieldExactly() throws Exception {
    Path file = bundle("m", 1234);
    Map<String, Double> metrics = Map.of("roc_auc", 0.8123456789012345, "log_loss", 1e-300, "zero", -0.0, "nan", Double.NaN,
        "inf", Double.POSITIVE_INFINITY, "minus_inf", Double.NEGATIVE_INFINITY, "big", Double.MAX_VALUE, "tiny", Double.MIN_VALUE);
    ModelVersion draft = new ModelVersion("credit", 99, "sha256:abc", Optional.of("sha256:parent"), metrics,
        Map.of("team", "risk", "note", "naïve \"quoted\"\nline ✓ 𝔸", "", "empty key", "odd", "nul \u0000 lone \uD800"), "ci@build-7",
        Instant.parse("2026-12-07T05:30:00.123456789Z"), "weekly retrain; data to 2026-12-06", 5);
    ModelVersion stored = store.add(draft, file);
    ModelVersion expected = new ModelVersion("credit", 1, draft.bundleId(), draft.parentBundleId(), metrics, draft.tags(),
        draft.registeredBy(), draft.registeredAt(), draft.reason(), 1234);
    assertEquals(expected, stored, "the number is the store's and bytes the file's size");
    assertEquals(Optional.of(expected), store.version("credit", 1));
    assertEquals(List.of(expected), store.versions("credit"));
    assertEquals(Double.valueOf(-0.0), store.version("credit", 1).orElseThrow().metrics().get("zero"), "-0.0 stays negative");

    ModelVersion plain = new ModelVersion("credit", 1, "sha256:def", Optional.empty(), Map.of(), Map.of(), "me", Instant.EPOCH,
        "", 0);
    assertEquals(Optional.of(store.add(plain, file)), store.version("credit", 2));
    assertEquals(Optional.empty(), store.version("credit", 2).orElseThrow().parentBundleId());
  }

  @Test
  void openBundle_returnsTheFilesBytesExactly() throws Exception {
    byte[] big = new byte[3 << 20];
    new Random(7).nextBytes(big);
    Path file = dir.resolve("big.mlb");
    Files.write(file, big);
    Path empty = Files.createFile(dir.resolve("empty.mlb"));
    store.add(draft("credit", "big"), file);
    store.add(draft("credit", "empty"), empty);
    try (InputStream in = store.openBundle("credit", 1)) {
      assertArrayEquals(big, in.readAllBytes());
    }
    try (InputStream in = store.openBundle("credit", 2)) {
      assertArrayEquals(new byte[0], in.readAllBytes());
    }
    assertEquals(big.length, store.version("credit", 1).orElseThrow().bytes());
  }

  @Test
  void openBundle_missingVersion_throwsNoSuchElementNamingIt() {
    NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> store.openBundle("credit", 4));
    assertEquals("model 'credit' has no version 4 in " + where + " (never registered, or removed by retention); list them with"
        + " versions(\"credit\")", e.getMessage());
  }

  @Test
  void moveAliasAfter_refusesAHistoryThatGrew_evenWhenTheAliasIsBackWhereItWas() throws Exception {
    addVersions("credit", 2);
    store.moveAlias("credit", "production", OptionalInt.empty(), OptionalInt.of(1), AliasMove.Kind.PROMOTE, "ci", "");
    store.moveAlias("credit", "production", OptionalInt.of(1), OptionalInt.of(2), AliasMove.Kind.PROMOTE, "ci", "");
    store.moveAlias("credit", "production", OptionalInt.of(2), OptionalInt.of(1), AliasMove.Kind.PROMOTE, "ci", "");
    ConcurrentModificationException grown = assertThrows(ConcurrentModificationException.class, () -> store.moveAliasAfter(1,
        "credit", "production", OptionalInt.of(1), OptionalInt.of(2), AliasMove.Kind.ROLLBACK, "ci", ""));
    assertEquals("the history of model 'credit' ends at entry 3, not 1 as expected; another writer moved an alias",
        grown.getMessage());
    assertEquals(3, store.history("credit").size());
    assertEquals(4, store.moveAliasAfter(3, "credit", "production", OptionalInt.of(1), OptionalInt.of(2),
        AliasMove.Kind.ROLLBACK, "ci", "").sequence());
  }

  @Test
  void moveAlias_compareAndSet_movesOnlyFromTheExpectedVersion() throws Exception {
    addVersions("credit", 3);
    AliasMove first = store.moveAlias("credit", "production", OptionalInt.empty(), OptionalInt.of(1), AliasMove.Kind.PROMOTE,
        "ci", "first");
    assertEquals(new AliasMove(1, "credit", "production", AliasMove.Kind.PROMOTE, OptionalInt.empty(), OptionalInt.of(1), "ci",
        Instant.parse("2026-12-07T05:30:00.123456Z"), "first"), first, "the clock's time to the microsecond");
    assertEquals(Map.of("production", 1), store.aliases("credit"));

    ConcurrentModificationException set = assertThrows(ConcurrentModificationException.class, () -> store.moveAlias("credit",
        "production", OptionalInt.empty(), OptionalInt.of(2), AliasMove.Kind.PROMOTE, "ci", "again"));
    assertEquals("alias 'production' of model 'credit' was expected to be unset but is set: another thread or process moved it"
        + " first; read the aliases again and move it from where it is now", set.getMessage());

    store.moveAlias("credit", "production", OptionalInt.of(1), OptionalInt.of(2), AliasMove.Kind.PROMOTE, "ci", "second");
    ConcurrentModificationException stale = assertThrows(ConcurrentModificationException.class, () -> store.moveAlias("credit",
        "production", OptionalInt.of(1), OptionalInt.of(3), AliasMove.Kind.PROMOTE, "ci", "stale"));
    assertEquals("alias 'production' of model 'credit' was expected at version 1 but points at version 2: another thread or"
        + " process moved it first; read the aliases again and move it from where it is now", stale.getMessage());

    NoSuchElementException missing = assertThrows(NoSuchElementException.class, () -> store.moveAlias("credit", "production",
        OptionalInt.of(2), OptionalInt.of(9), AliasMove.Kind.PROMOTE, "ci", "missing"));
    assertEquals("model 'credit' has no version 9 to move alias 'production' to in " + where + " (never registered, or removed"
        + " by retention); list the versions and name one of them", missing.getMessage());

    store.moveAlias("credit", "production", OptionalInt.of(2), OptionalInt.empty(), AliasMove.Kind.REMOVE, "ci", "gone");
    assertEquals(Map.of(), store.aliases("credit"));
    ConcurrentModificationException unset = assertThrows(ConcurrentModificationException.class, () -> store.moveAlias("credit",
        "production", OptionalInt.of(2), OptionalInt.empty(), AliasMove.Kind.REMOVE, "ci", "gone again"));
    assertEquals("alias 'production' of model 'credit' was expected at version 2 but is unset: another thread or process moved"
        + " it first; read the aliases again and move it from where it is now", unset.getMessage());
    assertEquals(List.of("first", "second", "gone"), store.history("credit").stream().map(AliasMove::reason).toList(),
        "a refused move leaves no history entry");
  }

  @Test
  void history_isEveryMoveInOrderAsReturned() throws Exception {
    addVersions("credit", 3);
    addVersions("churn", 1);
    List<AliasMove> moves = new ArrayList<>();
    moves.add(store.moveAlias("credit", "production", OptionalInt.empty(), OptionalInt.of(1), AliasMove.Kind.PROMOTE, "a", "r1"));
    moves.add(store.moveAlias("credit", "candidate", OptionalInt.empty(), OptionalInt.of(2), AliasMove.Kind.PROMOTE, "b", "r2"));
    store.moveAlias("churn", "production", OptionalInt.empty(), OptionalInt.of(1), AliasMove.Kind.PROMOTE, "c", "other model");
    moves.add(store.moveAlias("credit", "production", OptionalInt.of(1), OptionalInt.of(3), AliasMove.Kind.PROMOTE, "a", "r3"));
    moves.add(store.moveAlias("credit", "production", OptionalInt.of(3), OptionalInt.of(1), AliasMove.Kind.ROLLBACK, "a", "r4"));
    moves.add(store.moveAlias("credit", "candidate", OptionalInt.of(2), OptionalInt.empty(), AliasMove.Kind.REMOVE, "b", "r5"));
    assertEquals(moves, store.history("credit"));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), moves.stream().map(AliasMove::sequence).toList());
    assertTrue(IntStream.range(1, moves.size()).allMatch(i -> moves.get(i - 1).at().isBefore(moves.get(i).at())));
    assertEquals(1, store.history("churn").size());
    assertEquals(Map.of("production", 1), store.aliases("credit"));
  }

  @Test
  void delete_aliasedVersion_isRefusedNamingTheAliases() throws Exception {
    addVersions("credit", 3);
    store.moveAlias("credit", "production", OptionalInt.empty(), OptionalInt.of(3), AliasMove.Kind.PROMOTE, "ci", "");
    store.moveAlias("credit", "candidate", OptionalInt.empty(), OptionalInt.of(3), AliasMove.Kind.PROMOTE, "ci", "");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.delete("credit", 3));
    assertEquals("version 3 of model 'credit' cannot be deleted: aliases 'candidate', 'production' point at it; move the alias"
        + " to another version (or remove it) first", e.getMessage());
    store.moveAlias("credit", "candidate", OptionalInt.of(3), OptionalInt.empty(), AliasMove.Kind.REMOVE, "ci", "");
    IllegalStateException one = assertThrows(IllegalStateException.class, () -> store.delete("credit", 3));
    assertEquals("version 3 of model 'credit' cannot be deleted: alias 'production' points at it; move the alias to another"
        + " version (or remove it) first", one.getMessage());
    assertTrue(store.version("credit", 3).isPresent());
  }

  @Test
  void delete_removesTheVersionAndNeverGivesItsNumberAgain() throws Exception {
    addVersions("credit", 3);
    store.delete("credit", 1);
    store.delete("credit", 3);
    store.delete("credit", 3);
    assertEquals(List.of(2), store.versions("credit").stream().map(ModelVersion::number).toList());
    assertEquals(Optional.empty(), store.version("credit", 3));
    assertThrows(NoSuchElementException.class, () -> store.openBundle("credit", 1));
    assertEquals(4, store.add(draft("credit", "new"), bundle("n", 1)).number(), "3 named another bundle once");
    assertThrows(NoSuchElementException.class, () -> store.moveAlias("credit", "production", OptionalInt.empty(),
        OptionalInt.of(3), AliasMove.Kind.PROMOTE, "ci", ""));
  }

  @Test
  void add_fromEightThreadsWithAStoreEach_numbersOneToNWithoutGapsOrDuplicates() throws Exception {
    int each = 10;
    Path file = bundle("c", 2000);
    List<Integer> numbers = race(t -> {
      List<Integer> mine = new ArrayList<>();
      try (JdbcRegistryStore own = JdbcRegistryStore.open(source(), clock)) {
        for (int i = 0; i < each; i++) {
          mine.add(own.add(draft("credit", "t" + t + "-" + i), file).number());
        }
      }
      return mine;
    }).stream().flatMap(List::stream).sorted().toList();
    List<Integer> expected = IntStream.rangeClosed(1, THREADS * each).boxed().toList();
    assertEquals(expected, numbers, "each thread was given distinct numbers");
    assertEquals(expected, store.versions("credit").stream().map(ModelVersion::number).toList());
    Set<String> bundles = new TreeSet<>();
    store.versions("credit").forEach(v -> bundles.add(v.bundleId()));
    assertEquals(THREADS * each, bundles.size(), "every draft stored once");
  }

  @Test
  void moveAlias_fromEightThreadsExpectingTheSameVersion_exactlyOneWinsEachRound() throws Exception {
    addVersions("credit", THREADS + 1);
    int rounds = 12;
    for (int round = 0; round < rounds; round++) {
      Map<String, Integer> before = store.aliases("credit");
      OptionalInt expected = before.containsKey("production") ? OptionalInt.of(before.get("production")) : OptionalInt.empty();
      // Each thread moves it somewhere else (a move to where it is would let a second mover in: compare-and-set compares values).
      List<Integer> targets = IntStream.rangeClosed(1, THREADS + 1).filter(v -> expected.isEmpty() || v != expected.getAsInt())
          .boxed().toList();
      List<Object> outcomes = race(t -> {
        int to = targets.get(t);
        try (JdbcRegistryStore own = JdbcRegistryStore.open(source(), clock)) {
          return own.moveAlias("credit", "production", expected, OptionalInt.of(to), AliasMove.Kind.PROMOTE, "t" + t, "race");
        } catch (ConcurrentModificationException e) {
          return e;
        }
      });
      List<AliasMove> won = outcomes.stream().filter(AliasMove.class::isInstance).map(AliasMove.class::cast).toList();
      assertEquals(1, won.size(), "round " + round + ": one winner, the rest lost the race: " + outcomes);
      outcomes.stream().filter(o -> !(o instanceof AliasMove)).forEach(o -> assertInstanceOf(ConcurrentModificationException.class, o));
      assertEquals(Map.of("production", won.get(0).to().getAsInt()), store.aliases("credit"));
    }
    List<AliasMove> history = store.history("credit");
    assertEquals(rounds, history.size());
    for (int i = 1; i < rounds; i++) {
      assertEquals(history.get(i - 1).to(), history.get(i).from(), "each move starts where the one before it ended");
    }
  }

  @Test
  void deleteAndPromoteOfOneVersion_race_exactlyOneWinsAndNoAliasPointsAtAMissingVersion() throws Exception {
    addVersions("credit", 1);
    store.moveAlias("credit", "production", OptionalInt.empty(), OptionalInt.of(1), AliasMove.Kind.PROMOTE, "ci", "");
    Path file = bundle("r", 100);
    for (int round = 0; round < 15; round++) {
      int current = store.aliases("credit").get("production");
      int target = store.add(draft("credit", "r" + round), file).number();
      List<Object> outcomes = race(2, t -> {
        try (JdbcRegistryStore own = JdbcRegistryStore.open(source(), clock)) {
          if (t == 0) {
            return own.moveAlias("credit", "production", OptionalInt.of(current), OptionalInt.of(target), AliasMove.Kind.PROMOTE,
                "promoter", "");
          }
          own.delete("credit", target);
          return "deleted";
        } catch (NoSuchElementException | IllegalStateException e) {
          return e;
        }
      });
      boolean promoted = outcomes.get(0) instanceof AliasMove;
      boolean deleted = "deleted".equals(outcomes.get(1));
      assertTrue(promoted != deleted, "round " + round + ": exactly one of promote and delete wins: " + outcomes);
      int now = store.aliases("credit").get("production");
      assertEquals(promoted ? target : current, now);
      assertTrue(store.version("credit", now).isPresent(), "the alias points at a version that exists");
    }
  }

  @Test
  void open_fromEightThreadsOnAnEmptyDatabase_allCreateOrFindTheTables() throws Exception {
    String fresh = PostgresServer.shared().newDatabase();
    List<Integer> numbers = race(t -> {
      try (JdbcRegistryStore own = JdbcRegistryStore.open(fresh, new Properties())) {
        return own.add(draft("m", "b" + t), bundle("o" + t, 3)).number();
      }
    });
    assertEquals(IntStream.rangeClosed(1, THREADS).boxed().toList(), numbers.stream().sorted().toList());
  }

  @Test
  void open_tablesOfAnotherSchemaVersion_isRefused() throws Exception {
    sql("UPDATE mlengine_registry_schema SET schema_version = 2");
    IOException e = assertThrows(IOException.class, () -> JdbcRegistryStore.open(source()));
    assertEquals("the mlengine_registry_ tables in " + where + " have schema version [2]; this mlengine reads version 1: use the"
        + " mlengine version that created them, or a newer one", e.getMessage());
  }

  @Test
  void versions_metadataOfANewerFormat_isRefusedNamingTheVersion() throws Exception {
    addVersions("credit", 1);
    sql("UPDATE mlengine_registry_versions SET metadata = '{\"format\":2}'");
    IOException e = assertThrows(IOException.class, () -> store.versions("credit"));
    assertEquals("the metadata of version 1 of model 'credit' in " + where + " has format 2; this mlengine reads format 1: read"
        + " it with the mlengine version that wrote it, or a newer one", e.getMessage());
  }

  @Test
  void anyCall_afterClose_isRefused() {
    store.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.models());
    assertEquals("this JDBC registry store (" + where + ") is closed; open a new one to list the models", e.getMessage());
  }

  @Test
  void open_unreachableDatabase_saysWhatToCheck() {
    IOException e = assertThrows(IOException.class, () -> JdbcRegistryStore.open("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2",
        new Properties()));
    assertTrue(e.getMessage().startsWith("could not connect to the registry database (Connection to 127.0.0.1:1 refused."),
        e.getMessage());
    assertTrue(e.getMessage().endsWith(", SQLState 08001); check the JDBC URL, that the server is up and that the user may log"
        + " in"), e.getMessage());
  }

  @Test
  void open_urlNoDriverOnTheClassPathAccepts_namesTheUrlWithoutItsPassword() {
    IOException e = assertThrows(IOException.class, () -> JdbcRegistryStore.open("jdbc:nosuchdb://db:1/ml?password=secret",
        new Properties()));
    assertEquals("no JDBC driver on the class path accepts the URL jdbc:nosuchdb://db:1/ml; add the database's driver to the"
        + " application's dependencies (for PostgreSQL: org.postgresql:postgresql), since mlengine-serving brings none",
        e.getMessage());
  }

  // --- helpers

  /** The driver's own simple data source: each call a new connection. */
  private DataSource source() {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(url);
    return source;
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private Path bundle(String name, int size) throws IOException {
    byte[] bytes = new byte[size];
    new Random(name.hashCode()).nextBytes(bytes);
    return Files.write(dir.resolve(name + ".mlb"), bytes);
  }

  private static ModelVersion draft(String model, String bundleId) {
    return new ModelVersion(model, 1, bundleId, Optional.empty(), Map.of("roc_auc", 0.75), Map.of(), "test", T0, "test", 0);
  }

  private void addVersions(String model, int n) throws IOException {
    Path file = bundle(model, 16);
    for (int i = 0; i < n; i++) {
      store.add(draft(model, model + "-" + i), file);
    }
  }

  /** What each thread returned (or threw) for its index, started together. */
  private static <T> List<T> race(IndexedTask<T> task) throws Exception {
    return race(THREADS, task);
  }

  private static <T> List<T> race(int threads, IndexedTask<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int index = t;
        futures.add(pool.submit((Callable<T>) () -> {
          start.await();
          return task.run(index);
        }));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface IndexedTask<T> {
    T run(int index) throws Exception;
  }

  /** A clock that moves forward by a fixed step on every reading, so that each move's time differs. */
  private static final class TickingClock extends Clock {
    private final AtomicLong nanos;
    private final Instant origin;
    private final long step;

    TickingClock(Instant origin, Duration step) {
      this.origin = origin;
      this.step = step.toNanos();
      this.nanos = new AtomicLong(-this.step);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("a test clock in UTC");
    }

    @Override
    public Instant instant() {
      return origin.plusNanos(nanos.addAndGet(step));
    }
  }
}
