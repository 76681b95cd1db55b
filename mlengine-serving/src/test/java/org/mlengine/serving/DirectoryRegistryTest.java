package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The registry contract on the directory store, and what only a directory has: its layout, leftovers, several instances. */
class DirectoryRegistryTest extends RegistryContract {
  private Path root() {
    return scratch.resolve("registry");
  }

  @Override
  protected ModelRegistry newRegistry(Clock clock) throws Exception {
    return new ModelRegistry(new DirectoryRegistryStore(root(), clock), clock);
  }

  @Test
  void moveAliasAfter_refusesAHistoryThatGrew_evenWhenTheAliasIsBackWhereItWas() throws Exception {
    DirectoryRegistryStore store = new DirectoryRegistryStore(root(), Clock.systemUTC());
    try (ModelRegistry r = new ModelRegistry(store, Clock.systemUTC())) {
      r.register("credit", RegistryBundles.firstFile(), Registration.by("ana", "first"));
      r.register("credit", RegistryBundles.secondFile(), Registration.by("ana", "second"));
    }
    store.moveAlias("credit", "production", OptionalInt.empty(), OptionalInt.of(1), AliasMove.Kind.PROMOTE, "ci", "");
    store.moveAlias("credit", "production", OptionalInt.of(1), OptionalInt.of(2), AliasMove.Kind.PROMOTE, "ci", "");
    store.moveAlias("credit", "production", OptionalInt.of(2), OptionalInt.of(1), AliasMove.Kind.PROMOTE, "ci", "");
    ConcurrentModificationException grown = assertThrows(ConcurrentModificationException.class, () -> store.moveAliasAfter(1,
        "credit", "production", OptionalInt.of(1), OptionalInt.of(2), AliasMove.Kind.ROLLBACK, "ci", ""));
    assertEquals("the history of model 'credit' ends at entry 3, not 1 as expected; another writer moved an alias",
        grown.getMessage());
    assertEquals(4, store.moveAliasAfter(3, "credit", "production", OptionalInt.of(1), OptionalInt.of(2),
        AliasMove.Kind.ROLLBACK, "ci", "").sequence());
  }

  @Test
  void inDirectory_createsIt_andKeepsTheDocumentedLayout() throws Exception {
    Path dir = scratch.resolve("new/registry");
    try (ModelRegistry r = ModelRegistry.inDirectory(dir)) {
      r.register("credit", RegistryBundles.firstFile(), Registration.by("ana", "first"));
      r.promote("credit", "production", 1, "ana", "go");
    }
    Path model = dir.resolve("models/credit");
    assertArrayEquals(Files.readAllBytes(RegistryBundles.firstFile()), Files.readAllBytes(model.resolve("versions/1/bundle.mlb")));
    String version = Files.readString(model.resolve("versions/1/version.json"));
    assertTrue(version.contains("\"format\" : 1") && version.contains("\"bundleId\" : \"" + RegistryBundles.first().id() + "\""),
        version);
    String aliases = Files.readString(model.resolve("aliases.json"));
    assertTrue(aliases.contains("\"production\" : 1") && aliases.contains("\"kind\" : \"PROMOTE\""), aliases);
    assertEquals(Set.of(".lock", "aliases.json", "versions"), names(model));
  }

  @Test
  void closed_inDirectory_saysHowToOpenItAgain() throws Exception {
    ModelRegistry r = ModelRegistry.inDirectory(root());
    r.close();
    assertRefused(IllegalStateException.class, "this model registry is closed; open it again with ModelRegistry.inDirectory("
        + root() + ") to use it", r::models);
    assertRefused(IllegalArgumentException.class, "dir is null; expected the registry's directory (created when missing). "
        + "Pass e.g. Path.of(\"registry\").", () -> ModelRegistry.inDirectory(null));
  }

  @Test
  void leftoversOfACrashedWriter_areIgnoredByReaders_andRemovedByTheNextWriter() throws Exception {
    registry.register("credit", RegistryBundles.firstFile(), Registration.by("ana", "first"));
    Path model = root().resolve("models/credit");
    Path halfVersion = Files.createDirectories(model.resolve(".tmp-0c0ffee"));
    Files.write(halfVersion.resolve("bundle.mlb"), new byte[] {1, 2, 3});
    Files.writeString(model.resolve(".tmp-1c0ffee.json"), "{\"format\": 1, \"aliases\": {\"production\": ");
    Files.createDirectories(model.resolve(".trash-2c0ffee/versions"));
    Files.createDirectories(model.resolve("versions/not-a-number"));
    assertEquals(List.of(1), registry.versions("credit").stream().map(ModelVersion::number).toList());
    assertEquals(Map.of(), registry.aliases("credit"));
    registry.promote("credit", "production", 1, "ana", "go");
    assertEquals(Set.of(".lock", "aliases.json", "versions"), names(model));
    assertEquals(2, registry.register("credit", RegistryBundles.firstFile(), Registration.by("ana", "again")).number());
  }

  @Test
  void aliasesFileEditedBadly_isReportedWithItsPath() throws Exception {
    registry.register("credit", RegistryBundles.firstFile(), Registration.by("ana", "first"));
    registry.promote("credit", "production", 1, "ana", "go");
    Path file = root().resolve("models/credit/aliases.json").toRealPath();
    Files.writeString(file, "{\"format\": 2}");
    assertRefused(IOException.class, "registry file " + file + " cannot be read: its format is 2, this library reads "
        + "format 1; expected a file written by ModelRegistry. Restore the registry directory from a backup, or remove this "
        + "model's folder and register it again.", () -> registry.aliases("credit"));
    Files.write(file, "{\"format\": 1, ".getBytes(StandardCharsets.UTF_8));
    assertTrue(assertRefusedType(() -> registry.history("credit")).startsWith("registry file " + file
        + " cannot be read: it is not valid JSON ("));
  }

  @Test
  void aVersionFolderRemovedByHand_underAnAlias_isReportedAsAChangeOutsideTheRegistry() throws Exception {
    registry.register("credit", RegistryBundles.firstFile(), Registration.by("ana", "first"));
    registry.register("credit", RegistryBundles.firstFile(), Registration.by("ana", "second"));
    registry.promote("credit", "production", 1, "ana", "go");
    Path version = root().resolve("models/credit/versions/1");
    try (Stream<Path> walk = Files.walk(version)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    assertRefused(IllegalStateException.class, "alias 'production' of model 'credit' points at version 1, which the store "
        + "does not hold; expected every alias to point at a stored version. The store DirectoryRegistryStore("
        + root().toRealPath() + ") was changed outside the registry: promote the alias to an existing version.",
        () -> registry.version("credit", "production"));
    registry.promote("credit", "production", 2, "ana", "repair");
    assertEquals(2, registry.version("credit", "production").orElseThrow().number());
  }

  @Test
  void refusedCalls_onAModelNotRegistered_leaveNoFolderBehind() throws Exception {
    registry.register("credit", RegistryBundles.firstFile(), Registration.by("ana", "first"));
    List<org.junit.jupiter.api.function.Executable> calls = List.of(() -> registry.promote("churn", "production", 1, "a", "b"),
        () -> registry.rollback("churn", "production", "a", "b"), () -> registry.removeAlias("churn", "production", "a", "b"),
        () -> registry.retainLatest("churn", 1), () -> registry.open("churn", "production"), () -> registry.open("churn", 1));
    for (var call : calls) {
      org.junit.jupiter.api.Assertions.assertThrows(java.util.NoSuchElementException.class, call);
    }
    assertEquals(Set.of("credit"), names(root().resolve("models")));
  }

  @Test
  void aMoveThatLosesEveryRace_givesUpAfterMaxAttempts_andSaysSo() throws Exception {
    registry.register("credit", RegistryBundles.firstFile(), Registration.by("ana", "first"));
    registry.promote("credit", "production", 1, "ana", "go");
    int[] attempts = {0};
    RegistryStore alwaysBeaten = new RacingStore(new DirectoryRegistryStore(root(), Clock.systemUTC()), attempts);
    try (ModelRegistry beaten = new ModelRegistry(alwaysBeaten, Clock.systemUTC())) {
      assertRefused(java.util.ConcurrentModificationException.class, "alias 'production' of model 'credit' was moved by "
          + "other writers 1000 times in a row while this call tried; expected fewer concurrent moves. Try again.",
          () -> beaten.promote("credit", "production", 1, "bo", "x"));
      assertEquals(ModelRegistry.MAX_ATTEMPTS, attempts[0]);
    }
    assertEquals(1, registry.history("credit").size());
  }

  /** A store where another writer always moves the alias first: every compare-and-set fails. */
  private static final class RacingStore implements RegistryStore {
    private final DirectoryRegistryStore store;
    private final int[] attempts;

    RacingStore(DirectoryRegistryStore store, int[] attempts) {
      this.store = store;
      this.attempts = attempts;
    }

    @Override
    public ModelVersion add(ModelVersion draft, Path bundleFile) throws IOException {
      return store.add(draft, bundleFile);
    }

    @Override
    public List<String> models() throws IOException {
      return store.models();
    }

    @Override
    public List<ModelVersion> versions(String model) throws IOException {
      return store.versions(model);
    }

    @Override
    public java.util.Optional<ModelVersion> version(String model, int number) throws IOException {
      return store.version(model, number);
    }

    @Override
    public java.io.InputStream openBundle(String model, int number) throws IOException {
      return store.openBundle(model, number);
    }

    @Override
    public Map<String, Integer> aliases(String model) throws IOException {
      return store.aliases(model);
    }

    @Override
    public AliasMove moveAliasAfter(long lastSequence, String model, String alias, java.util.OptionalInt expected,
        java.util.OptionalInt to, AliasMove.Kind kind, String by, String reason) {
      attempts[0]++;
      throw new java.util.ConcurrentModificationException("another writer moved it first");
    }

    @Override
    public List<AliasMove> history(String model) throws IOException {
      return store.history(model);
    }

    @Override
    public void delete(String model, int number) throws IOException {
      store.delete(model, number);
    }

    @Override
    public void close() {
      store.close();
    }
  }

  @Test
  void severalRegistries_onOneDirectory_inOneJvm_writeWithoutStumbling() throws Exception {
    List<ModelRegistry> registries = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      for (int i = 0; i < 3; i++) {
        registries.add(ModelRegistry.inDirectory(root()));
      }
      List<Future<Integer>> done = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        ModelRegistry r = registries.get(i % 3);
        done.add(pool.submit(() -> {
          int n = r.register("credit", RegistryBundles.firstFile(), Registration.by("ana", "x")).number();
          r.promote("credit", "production", n, "ana", "x");
          return n;
        }));
      }
      Set<Integer> numbers = new TreeSet<>();
      for (Future<Integer> f : done) {
        numbers.add(f.get());
      }
      assertEquals(Set.of(1, 2, 3, 4, 5, 6), numbers);
      assertEquals(6, registry.history("credit").size());
    } finally {
      pool.shutdownNow();
      for (ModelRegistry r : registries) {
        r.close();
      }
    }
  }

  @Test
  void retention_removesTheVersionsFolder_andLeavesNoTrash() throws Exception {
    for (int i = 0; i < 3; i++) {
      registry.register("credit", RegistryBundles.firstFile(), Registration.by("ana", "x"));
    }
    registry.retainLatest("credit", 1);
    Path model = root().resolve("models/credit");
    assertEquals(Set.of("3"), names(model.resolve("versions")));
    assertFalse(names(model).stream().anyMatch(n -> n.startsWith(".trash-")));
  }

  private static String assertRefusedType(org.junit.jupiter.api.function.Executable call) {
    return org.junit.jupiter.api.Assertions.assertThrows(IOException.class, call).getMessage();
  }

  private static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
    }
  }
}
