package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.ModelBundle;

/**
 * The whole contract of a {@link ModelRegistry}, whatever its store: each store's test extends
 * this class and says how to make an empty registry. Everything here goes through the
 * registry's public methods only.
 */
abstract class RegistryContract {
  static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");

  @TempDir Path scratch;
  ModelRegistry registry;

  /** An empty registry whose clock is {@code clock}; each test gets a new one. */
  protected abstract ModelRegistry newRegistry(Clock clock) throws Exception;

  /** What the closed-registry message tells the user to do, as {@link #newRegistry} opens it. */
  protected String reopenHint() {
    return "open the registry again";
  }

  @BeforeEach
  void open() throws Exception {
    registry = newRegistry(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void close() throws Exception {
    registry.close();
  }

  private ModelVersion registerFirst(String model) throws Exception {
    return registry.register(model, RegistryBundles.firstFile(), Registration.by("ana", "first fit"));
  }

  private ModelVersion registerSecond(String model) throws Exception {
    return registry.register(model, RegistryBundles.secondFile(), Registration.by("bo", "second fit"));
  }

  static <T extends Throwable> void assertRefused(Class<T> type, String message, Executable call) {
    T e = assertThrows(type, call);
    assertEquals(message, e.getMessage());
  }

  // ---- registering ----

  @Test
  void register_twice_numbersFromOnePerModel() throws Exception {
    assertEquals(1, registerFirst("credit").number());
    assertEquals(2, registerSecond("credit").number());
    assertEquals(1, registerSecond("churn").number());
    assertEquals(List.of("churn", "credit"), registry.models());
    assertEquals(List.of(1, 2), registry.versions("credit").stream().map(ModelVersion::number).toList());
    assertEquals(List.of(), registry.versions("unknown"));
  }

  @Test
  void register_file_takesIdParentAndMetricsFromTheManifest_andWhoWhyWhenTagsFromTheRegistration() throws Exception {
    ModelBundle second = RegistryBundles.second();
    ModelVersion v = registry.register("credit", RegistryBundles.secondFile(),
        Registration.by("ana", "weekly retrain").withTag("data", "2026-12").withTag("team", "risk"));
    ModelVersion expected = new ModelVersion("credit", 1, second.id(), Optional.of(RegistryBundles.first().id()),
        second.metrics(), Map.of("data", "2026-12", "team", "risk"), "ana", NOW, "weekly retrain",
        Files.size(RegistryBundles.secondFile()));
    assertEquals(expected, v);
    assertEquals(expected, registry.version("credit", 1));
    assertEquals(List.of(expected), registry.versions("credit"));
    assertTrue(v.metrics().containsKey("accuracy"), "the manifest's metrics: " + v.metrics());
    assertEquals(Optional.empty(), registerFirst("other").parentBundleId());
  }

  @Test
  void register_bundleInMemory_storesThatBundle() throws Exception {
    ModelVersion v = registry.register("credit", RegistryBundles.first(), Registration.by("ana", "in memory"));
    assertEquals(RegistryBundles.first().id(), v.bundleId());
    assertEquals(RegistryBundles.first().id(), registry.bundle("credit", 1).id());
  }

  @Test
  void register_corruptFile_isRefusedWithTheLoadersMessage_andStoresNothing() throws Exception {
    Path corrupt = scratch.resolve("corrupt.mlb");
    byte[] good = Files.readAllBytes(RegistryBundles.firstFile());
    byte[] cut = java.util.Arrays.copyOf(good, good.length / 2);
    Files.write(corrupt, cut);
    String expected = assertThrows(BundleFormatException.class, () -> ModelBundle.load(corrupt)).getMessage();
    assertRefused(BundleFormatException.class, expected,
        () -> registry.register("credit", corrupt, Registration.by("ana", "half a file")));
    Files.write(corrupt, "not a zip".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String expected2 = assertThrows(BundleFormatException.class, () -> ModelBundle.load(corrupt)).getMessage();
    assertRefused(BundleFormatException.class, expected2,
        () -> registry.register("credit", corrupt, Registration.by("ana", "text")));
    assertEquals(List.of(), registry.models());
    assertEquals(List.of(), registry.versions("credit"));
    assertEquals(1, registerFirst("credit").number());
  }

  @Test
  void register_badArguments_areRefusedWithWhatToPass() throws Exception {
    Path missing = scratch.resolve("missing.mlb");
    Registration r = Registration.by("ana", "x");
    assertRefused(IllegalArgumentException.class, "bundle file " + missing + " does not exist or is not a file; expected a "
        + "bundle written by ModelBundle.save. Check the path.", () -> registry.register("credit", missing, r));
    assertRefused(IllegalArgumentException.class, "bundleFile is null; expected the path of a bundle written by "
        + "ModelBundle.save. Pass e.g. Path.of(\"credit.mlb\").", () -> registry.register("credit", (Path) null, r));
    assertRefused(IllegalArgumentException.class, "bundle is null; expected a ModelBundle, e.g. a PipelineResult's "
        + "bundle(). Pass the bundle to register.", () -> registry.register("credit", (ModelBundle) null, r));
    assertRefused(IllegalArgumentException.class, "registration is null; expected who registers the bundle and why. "
        + "Pass e.g. Registration.by(\"ana\", \"weekly retrain\").",
        () -> registry.register("credit", RegistryBundles.firstFile(), null));
    assertEquals(List.of(), registry.models());
  }

  @Test
  void registration_blankWhoOrWhyOrBadTag_isRefused() {
    assertRefused(IllegalArgumentException.class, "by is blank; expected who does it (a person or a job), as the history "
        + "records it. Pass e.g. \"ana\" or \"nightly-retrain\".", () -> Registration.by(" ", "x"));
    assertRefused(IllegalArgumentException.class, "reason is null; expected why, as the history records it. Pass e.g. "
        + "\"weekly retrain, AUC +0.01 on holdout\".", () -> Registration.by("ana", null));
    assertRefused(IllegalArgumentException.class, "tag key is blank; expected 1 to 250 characters, not all blank. "
        + "Pass e.g. withTag(\"data\", \"2026-12\").", () -> Registration.by("ana", "x").withTag("", "v"));
    assertRefused(IllegalArgumentException.class, "tag 'k' has a value that is 5001 characters long; expected at most "
        + "5000 characters. Pass a shorter value (or \"\" for none).",
        () -> Registration.by("ana", "x").withTag("k", "v".repeat(5001)));
    assertRefused(IllegalArgumentException.class, "tags is null; expected a map of tag keys to values. Pass Map.of() for "
        + "none.", () -> new Registration("ana", "x", null));
    assertEquals(Map.of("a", "2", "b", "1"), Registration.by("ana", "x").withTag("b", "1").withTag("a", "1").withTag("a", "2").tags());
  }

  // ---- names ----

  @Test
  void modelNames_followMlflowsRules() throws Exception {
    String rule = "expected 1 to 255 characters from [A-Za-z0-9_.-], not starting with '.'.";
    assertRefused(IllegalArgumentException.class, "model name 'cr edit' is not valid: it contains ' ' at index 2; " + rule
        + " Use e.g. 'cr_edit'.", () -> registerFirst("cr edit"));
    assertRefused(IllegalArgumentException.class, "model name '' is not valid: it is empty; " + rule + " Use e.g. 'model'.",
        () -> registry.versions(""));
    assertRefused(IllegalArgumentException.class, "model name '.credit' is not valid: it starts with '.'; " + rule
        + " Use e.g. 'credit'.", () -> registry.aliases(".credit"));
    assertRefused(IllegalArgumentException.class, "model name '../etc' is not valid: it contains '/' at index 2; " + rule
        + " Use e.g. '_etc'.", () -> registry.history("../etc"));
    assertRefused(IllegalArgumentException.class, "model name is null; " + rule + " Pass the model's name, e.g. 'credit'.",
        () -> registry.version(null, 1));
    String tooLong = "m".repeat(256);
    assertRefused(IllegalArgumentException.class, "model name '" + "m".repeat(77) + "...' is not valid: it has 256 "
        + "characters; " + rule + " Use e.g. '" + "m".repeat(77) + "...'.", () -> registry.versions(tooLong));
    assertEquals(1, registerFirst("Credit.v2_final-B").number());
    assertRefused(IllegalArgumentException.class, "model name 'credit.V2_FINAL-b' differs from the registered model "
        + "'Credit.v2_final-B' only in case; expected exactly 'Credit.v2_final-B' or a name that differs in more than case "
        + "(a registry keeps names apart ignoring case, as the file systems of macOS and Windows do). Register under "
        + "'Credit.v2_final-B', or pick another name.", () -> registerFirst("credit.V2_FINAL-b"));
    assertEquals(2, registerFirst("Credit.v2_final-B").number());
    assertEquals(1, registerFirst("m".repeat(255)).number());
  }

  @Test
  void aliases_followMlflowsRules_latestAndVersionNamesAreReserved() throws Exception {
    registerFirst("credit");
    String rule = "expected 1 to 255 characters from [A-Za-z0-9_-], neither 'latest' nor v<digits>.";
    for (String reserved : List.of("latest", "LaTeSt")) {
      assertRefused(IllegalArgumentException.class, "alias '" + reserved + "' is reserved: 'latest' (in any case) names the "
          + "newest version; " + rule + " Use another name, e.g. 'production' or 'candidate'.",
          () -> registry.promote("credit", reserved, 1, "ana", "x"));
    }
    assertRefused(IllegalArgumentException.class, "alias 'V12' is reserved: v<digits> names a version number; " + rule
        + " Use another name, e.g. 'production' or 'candidate'.", () -> registry.version("credit", "V12"));
    assertRefused(IllegalArgumentException.class, "alias 'prod.1' is not valid: it contains '.' at index 4; " + rule
        + " Use e.g. 'prod_1'.", () -> registry.promote("credit", "prod.1", 1, "ana", "x"));
    assertRefused(IllegalArgumentException.class, "alias '' is not valid: it is empty; " + rule + " Use e.g. 'production'.",
        () -> registry.open("credit", ""));
    assertRefused(IllegalArgumentException.class, "alias is null; " + rule + " Pass an alias, e.g. 'production'.",
        () -> registry.rollback("credit", null, "ana", "x"));
    assertRefused(IllegalArgumentException.class, "alias '" + "a".repeat(77) + "...' is not valid: it has 256 characters; "
        + rule + " Use e.g. '" + "a".repeat(77) + "...'.", () -> registry.promote("credit", "a".repeat(256), 1, "ana", "x"));
    for (String fine : List.of("v", "v1a", "latest2", "champion-2026_12", "a".repeat(255))) {
      assertEquals(OptionalInt.of(1), registry.promote("credit", fine, 1, "ana", "x").to());
    }
    assertEquals(List.of(), registry.history("credit").stream().filter(m -> m.alias().startsWith("prod")).toList());
  }

  // ---- lookups ----

  @Test
  void version_unknown_namesWhatExists() throws Exception {
    assertRefused(NoSuchElementException.class, "model 'credit' is not registered; the registry holds []. Check the name, "
        + "or register a bundle under it with registry.register(\"credit\", bundleFile, registration).",
        () -> registry.version("credit", 1));
    registerFirst("credit");
    registerSecond("credit");
    assertRefused(NoSuchElementException.class, "model 'credit' has no version 7; its versions are [1, 2]. Pass one of "
        + "those (a version removed by retainLatest is gone for good).", () -> registry.version("credit", 7));
    assertRefused(NoSuchElementException.class, "model 'credit' has no version 0; its versions are [1, 2]. Pass one of "
        + "those (a version removed by retainLatest is gone for good).", () -> registry.bundle("credit", 0));
    assertRefused(NoSuchElementException.class, "model 'credt' is not registered; the registry holds [credit]. Check the "
        + "name, or register a bundle under it with registry.register(\"credt\", bundleFile, registration).",
        () -> registry.open("credt", 1));
    assertEquals(Optional.empty(), registry.version("credit", "production"));
    assertEquals(Optional.empty(), registry.version("credt", "production"));
    assertEquals(Map.of(), registry.aliases("credit"));
    assertEquals(List.of(), registry.history("credt"));
  }

  // ---- promote, rollback, remove ----

  @Test
  void promote_pointsTheAliasAndRecordsWhoWhenWhy() throws Exception {
    registerFirst("credit");
    ModelVersion second = registerSecond("credit");
    AliasMove move = registry.promote("credit", "production", 2, "ana", "AUC +0.01");
    assertEquals(new AliasMove(1, "credit", "production", AliasMove.Kind.PROMOTE, OptionalInt.empty(), OptionalInt.of(2),
        "ana", NOW, "AUC +0.01"), move);
    assertEquals(Optional.of(second), registry.version("credit", "production"));
    registry.promote("credit", "candidate", 1, "bo", "try the old one");
    assertEquals(Map.of("candidate", 1, "production", 2), registry.aliases("credit"));
    assertEquals(List.of(move, new AliasMove(2, "credit", "candidate", AliasMove.Kind.PROMOTE, OptionalInt.empty(),
        OptionalInt.of(1), "bo", NOW, "try the old one")), registry.history("credit"));
  }

  @Test
  void promote_unknownVersionOrModelOrBlankWho_isRefused_andChangesNothing() throws Exception {
    registerFirst("credit");
    registry.promote("credit", "production", 1, "ana", "first");
    assertRefused(NoSuchElementException.class, "model 'credit' has no version 3; its versions are [1]. Pass one of those "
        + "(a version removed by retainLatest is gone for good).", () -> registry.promote("credit", "production", 3, "ana", "x"));
    assertRefused(NoSuchElementException.class, "model 'credit' has no version -1; its versions are [1]. Pass one of "
        + "those (a version removed by retainLatest is gone for good).",
        () -> registry.promote("credit", "production", -1, "ana", "x"));
    assertRefused(NoSuchElementException.class, "model 'churn' is not registered; the registry holds [credit]. Check the "
        + "name, or register a bundle under it with registry.register(\"churn\", bundleFile, registration).",
        () -> registry.promote("churn", "production", 1, "ana", "x"));
    for (Executable call : List.<Executable>of(() -> registry.rollback("churn", "production", "ana", "x"),
        () -> registry.removeAlias("churn", "production", "ana", "x"), () -> registry.open("churn", "production"))) {
      assertRefused(NoSuchElementException.class, "model 'churn' is not registered; the registry holds [credit]. Check the "
          + "name, or register a bundle under it with registry.register(\"churn\", bundleFile, registration).", call);
    }
    assertRefused(IllegalArgumentException.class, "by is null; expected who does it (a person or a job), as the history "
        + "records it. Pass e.g. \"ana\" or \"nightly-retrain\".", () -> registry.promote("credit", "production", 1, null, "x"));
    assertRefused(IllegalArgumentException.class, "reason is blank; expected why, as the history records it. Pass e.g. "
        + "\"weekly retrain, AUC +0.01 on holdout\".", () -> registry.removeAlias("credit", "production", "ana", ""));
    assertEquals(Map.of("production", 1), registry.aliases("credit"));
    assertEquals(1, registry.history("credit").size());
  }

  @Test
  void rollback_isAnUndo_repeatedCallsWalkFurtherBack_untilNothingIsLeft() throws Exception {
    for (int i = 0; i < 3; i++) {
      registerFirst("credit");
    }
    registry.promote("credit", "production", 1, "ana", "p1");
    registry.promote("credit", "production", 2, "ana", "p2");
    registry.promote("credit", "production", 3, "ana", "p3");
    assertEquals(new AliasMove(4, "credit", "production", AliasMove.Kind.ROLLBACK, OptionalInt.of(3), OptionalInt.of(2), "bo",
        NOW, "v3 misbehaves"), registry.rollback("credit", "production", "bo", "v3 misbehaves"));
    assertEquals(OptionalInt.of(1), registry.rollback("credit", "production", "bo", "v2 too").to());
    assertRefused(IllegalStateException.class, "alias 'production' of model 'credit' points at version 1 and its history "
        + "holds no earlier version that still exists; expected an earlier promotion to return to. Promote a version "
        + "instead with registry.promote(\"credit\", \"production\", version, by, reason).",
        () -> registry.rollback("credit", "production", "bo", "again"));
    assertEquals(Map.of("production", 1), registry.aliases("credit"));
    assertEquals(List.of("p1", "p2", "p3", "v3 misbehaves", "v2 too"),
        registry.history("credit").stream().map(AliasMove::reason).toList());
  }

  @Test
  void rollback_afterAPromotionThatFollowedARollback_returnsWhereTheRollbackLanded() throws Exception {
    for (int i = 0; i < 4; i++) {
      registerFirst("credit");
    }
    registry.promote("credit", "production", 1, "ana", "p1");
    registry.promote("credit", "production", 2, "ana", "p2");
    registry.promote("credit", "production", 3, "ana", "p3");
    registry.rollback("credit", "production", "ana", "r");
    registry.promote("credit", "production", 4, "ana", "p4");
    registry.promote("credit", "production", 4, "ana", "p4 again");
    registry.promote("credit", "other", 3, "ana", "another alias does not count");
    assertEquals(OptionalInt.of(2), registry.rollback("credit", "production", "ana", "r").to());
    assertEquals(OptionalInt.of(1), registry.rollback("credit", "production", "ana", "r").to());
  }

  @Test
  void rollback_skipsVersionsRemovedByRetention() throws Exception {
    for (int i = 0; i < 4; i++) {
      registerFirst("credit");
    }
    registry.promote("credit", "production", 1, "ana", "p1");
    registry.promote("credit", "production", 2, "ana", "p2");
    registry.promote("credit", "production", 3, "ana", "p3");
    registry.promote("credit", "stable", 1, "ana", "keeps v1");
    assertEquals(List.of(2), registry.retainLatest("credit", 1).stream().map(ModelVersion::number).toList());
    AliasMove back = registry.rollback("credit", "production", "ana", "v3 broke");
    assertEquals(OptionalInt.of(3), back.from());
    assertEquals(OptionalInt.of(1), back.to());
  }

  @Test
  void rollbackAndRemove_ofAnUnsetAlias_areRefused() throws Exception {
    registerFirst("credit");
    registerFirst("credit");
    registry.promote("credit", "candidate", 1, "ana", "c");
    String message = "model 'credit' has no alias 'production'; its aliases are [candidate]. Set it with "
        + "registry.promote(\"credit\", \"production\", version, by, reason).";
    assertRefused(NoSuchElementException.class, message, () -> registry.rollback("credit", "production", "ana", "x"));
    assertRefused(NoSuchElementException.class, message, () -> registry.removeAlias("credit", "production", "ana", "x"));
    assertRefused(NoSuchElementException.class, message, () -> registry.open("credit", "production"));
    registry.promote("credit", "production", 1, "ana", "p1");
    registry.promote("credit", "production", 2, "ana", "p2");
    registry.removeAlias("credit", "production", "ana", "retire");
    assertRefused(NoSuchElementException.class, message, () -> registry.rollback("credit", "production", "ana", "x"));
  }

  @Test
  void removeAlias_unsetsIt_andTheHistoryKeepsIt() throws Exception {
    registerFirst("credit");
    registry.promote("credit", "production", 1, "ana", "p1");
    AliasMove removed = registry.removeAlias("credit", "production", "bo", "retired");
    assertEquals(new AliasMove(2, "credit", "production", AliasMove.Kind.REMOVE, OptionalInt.of(1), OptionalInt.empty(), "bo",
        NOW, "retired"), removed);
    assertEquals(Optional.empty(), registry.version("credit", "production"));
    assertEquals(Map.of(), registry.aliases("credit"));
    registerSecond("credit");
    registry.promote("credit", "production", 2, "ana", "back");
    assertEquals(OptionalInt.of(1), registry.rollback("credit", "production", "ana", "undo, skipping the removal").to());
    assertEquals(List.of(1L, 2L, 3L, 4L), registry.history("credit").stream().map(AliasMove::sequence).toList());
    assertEquals(List.of(AliasMove.Kind.PROMOTE, AliasMove.Kind.REMOVE, AliasMove.Kind.PROMOTE, AliasMove.Kind.ROLLBACK),
        registry.history("credit").stream().map(AliasMove::kind).toList());
  }

  // ---- retention ----

  @Test
  void retainLatest_deletesOldUnaliasedVersions_neverAnAliasedOne_andNumbersAreNotReused() throws Exception {
    for (int i = 0; i < 5; i++) {
      registerFirst("credit");
    }
    registry.promote("credit", "production", 1, "ana", "p1");
    registry.promote("credit", "candidate", 3, "ana", "c3");
    List<ModelVersion> deleted = registry.retainLatest("credit", 2);
    assertEquals(List.of(2), deleted.stream().map(ModelVersion::number).toList());
    assertEquals(List.of(1, 3, 4, 5), registry.versions("credit").stream().map(ModelVersion::number).toList());
    assertEquals(List.of(), registry.retainLatest("credit", 2));
    registry.removeAlias("credit", "candidate", "ana", "done");
    assertEquals(List.of(3), registry.retainLatest("credit", 2).stream().map(ModelVersion::number).toList());
    assertEquals(6, registerSecond("credit").number());
    assertRefused(NoSuchElementException.class, "model 'credit' has no version 2; its versions are [1, 4, 5, 6]. Pass one "
        + "of those (a version removed by retainLatest is gone for good).", () -> registry.open("credit", 2));
    assertRefused(IllegalArgumentException.class, "keep is 0; expected at least 1 (the newest version is always kept). "
        + "Pass how many of the newest versions to keep, e.g. 5.", () -> registry.retainLatest("credit", 0));
    assertRefused(NoSuchElementException.class, "model 'churn' is not registered; the registry holds [credit]. Check the "
        + "name, or register a bundle under it with registry.register(\"churn\", bundleFile, registration).",
        () -> registry.retainLatest("churn", 1));
  }

  // ---- opening ----

  @Test
  void open_byAliasOrVersion_predictsAsTheRegisteredBundle() throws Exception {
    registerFirst("credit");
    registry.register("credit", RegistryBundles.second(), Registration.by("ana", "second"));
    registry.promote("credit", "production", 2, "ana", "p2");
    Predictor first = Predictor.of(RegistryBundles.first());
    Predictor second = Predictor.of(RegistryBundles.second());
    try (Predictor byAlias = registry.open("credit", "production"); Predictor byNumber = registry.open("credit", 1)) {
      Random random = new Random(5);
      for (int i = 0; i < 20; i++) {
        Map<String, Object> request = RegistryBundles.request(random.nextGaussian() * 2, random.nextGaussian() * 2);
        assertEquals(second.predict(request), byAlias.predict(request));
        assertEquals(first.predict(request), byNumber.predict(request));
      }
    }
  }

  // ---- closing ----

  @Test
  void closed_refusesEveryCall() throws Exception {
    registerFirst("credit");
    Predictor open = registry.open("credit", 1);
    registry.close();
    registry.close();
    String message = "this model registry is closed; " + reopenHint() + " to use it";
    List<Executable> calls = List.of(() -> registry.models(), () -> registry.versions("credit"),
        () -> registry.version("credit", 1), () -> registry.version("credit", "production"), () -> registry.aliases("credit"),
        () -> registry.history("credit"), () -> registry.promote("credit", "production", 1, "ana", "x"),
        () -> registry.rollback("credit", "production", "ana", "x"), () -> registry.removeAlias("credit", "production", "ana", "x"),
        () -> registry.retainLatest("credit", 1), () -> registry.open("credit", 1), () -> registry.open("credit", "production"),
        () -> registry.bundle("credit", 1), () -> registerFirst("credit"),
        () -> registry.register("credit", RegistryBundles.first(), Registration.by("ana", "x")));
    for (Executable call : calls) {
      assertRefused(IllegalStateException.class, message, call);
    }
    open.predict(RegistryBundles.request(1, 1));
    open.close();
  }

  // ---- concurrency ----

  @Test
  void promote_fromManyThreads_losesNoMove_andTheHistoryChains() throws Exception {
    for (int i = 0; i < 3; i++) {
      registerFirst("credit");
    }
    int threads = 6;
    int each = 15;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<AliasMove> returned = new ConcurrentLinkedQueue<>();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        done.add(pool.submit(() -> {
          Random random = new Random(seed);
          start.await();
          for (int i = 0; i < each; i++) {
            returned.add(registry.promote("credit", "production", 1 + random.nextInt(3), "thread-" + seed, "move " + i));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<AliasMove> history = registry.history("credit");
    assertEquals(threads * each, history.size());
    assertEquals(Set.copyOf(history), Set.copyOf(returned));
    OptionalInt previous = OptionalInt.empty();
    for (int i = 0; i < history.size(); i++) {
      assertEquals(i + 1, history.get(i).sequence());
      assertEquals(previous, history.get(i).from(), "entry " + (i + 1) + " starts where the one before ended");
      previous = history.get(i).to();
    }
    assertEquals(Map.of("production", previous.getAsInt()), registry.aliases("credit"));
  }

  @Test
  void register_fromManyThreads_givesEachVersionItsOwnNumber() throws Exception {
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<ModelVersion>> done = new ArrayList<>();
      for (int t = 0; t < threads * 2; t++) {
        done.add(pool.submit(() -> registerFirst("credit")));
      }
      Set<Integer> numbers = new TreeSet<>();
      for (Future<ModelVersion> f : done) {
        numbers.add(f.get().number());
      }
      assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7, 8), numbers);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(8, registry.versions("credit").size());
  }
}
