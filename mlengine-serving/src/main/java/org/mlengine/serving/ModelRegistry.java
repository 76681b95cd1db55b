package org.mlengine.serving;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.mlengine.runtime.ModelBundle;

/**
 * A registry of models: immutable numbered versions of each model's bundles, aliases such as
 * {@code production} or {@code candidate} that point at a version and move atomically, and an
 * append-only history of every alias move (who, when, from which version to which, why), as
 * MLflow's Model Registry has them plus the history its users ask for (mlflow#2169).
 *
 * <pre>{@code
 * try (ModelRegistry registry = ModelRegistry.inDirectory(Path.of("registry"))) {
 *   ModelVersion v = registry.register("credit", Path.of("credit.mlb"),
 *       Registration.by("ana", "weekly retrain").withTag("data", "2026-12"));
 *   registry.promote("credit", "production", v.number(), "ana", "AUC +0.01 on the holdout");
 *   try (Predictor predictor = registry.open("credit", "production")) {
 *     Prediction p = predictor.predict(request);
 *   }
 *   registry.rollback("credit", "production", "ana", "complaints about v" + v.number());
 * }
 * }</pre>
 *
 * <p><b>Versions</b> count from 1 per model and are never numbered twice, even after retention
 * removed some. A version's bundle id, parent id and metrics come from the bundle's manifest,
 * read and verified before anything is stored; who, why and the tags from the {@link
 * Registration}. Registering the same bundle twice makes two versions.
 *
 * <p><b>Aliases</b> follow MLflow's rules: 1 to 255 characters from {@code [A-Za-z0-9_-]}, not
 * {@code latest} (any case) nor {@code v<digits>}. Model names are 1 to 255 characters from
 * {@code [A-Za-z0-9_.-]}, not starting with a dot, and unique ignoring case (two names that
 * differ only in case would share a folder on macOS or Windows). {@link #promote} is a compare-and-set on the
 * store: concurrent promotions from threads or processes are each recorded, none is lost, and
 * the history says in which order they happened.
 *
 * <p><b>Rollback is an undo.</b> {@link #rollback} moves an alias back to the version it pointed
 * at before the move that set its current version. A second rollback goes one step further
 * back, and so on down to the first version the alias was given; a promotion after a rollback
 * is a new step on top of where the rollback landed. Earlier states that no longer exist are
 * skipped: a version removed by {@link #retainLatest}, a time the alias was removed, and the
 * current version itself (when it was promoted twice in a row). When nothing earlier is left,
 * rollback is refused and the alias stays where it is.
 *
 * <p>The store decides who may share the registry: {@link #inDirectory(Path)} is safe for
 * several processes on one file system, {@link #onDatabase(DataSource)} for processes on
 * several machines that share a database. Methods throw {@link IllegalArgumentException} for a
 * bad name or argument, {@link NoSuchElementException} for a model, version or alias that does
 * not exist, and {@link IllegalStateException} once the registry is closed; each message names
 * the value, what was expected and how to fix it.
 */
public final class ModelRegistry implements AutoCloseable {
  /** How often a compare-and-set is retried when other writers keep moving the alias first. */
  static final int MAX_ATTEMPTS = 1000;

  private final RegistryStore store;
  private final Clock clock;
  private final String reopen;
  private volatile boolean closed;

  /** A registry over {@code store}; {@code clock} stamps the registrations. */
  ModelRegistry(RegistryStore store, Clock clock) {
    this(store, clock, "open the registry again");
  }

  private ModelRegistry(RegistryStore store, Clock clock, String reopen) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.reopen = reopen;
  }

  /**
   * The registry kept in a directory (created when missing), safe for several threads and
   * several processes on one file system: writes are atomic renames under a file lock, so a
   * reader never sees a half-written version or alias.
   */
  public static ModelRegistry inDirectory(Path dir) throws IOException {
    if (dir == null) {
      throw new IllegalArgumentException("dir is null; expected the registry's directory (created when missing). "
          + "Pass e.g. Path.of(\"registry\").");
    }
    return new ModelRegistry(new DirectoryRegistryStore(dir, Clock.systemUTC()), Clock.systemUTC(),
        "open it again with ModelRegistry.inDirectory(" + dir + ")");
  }

  /**
   * The registry kept in a relational database through JDBC, for a fleet of processes that
   * share no disk (tested on PostgreSQL). Its tables, prefixed {@code mlengine_registry_}, are
   * created when missing; each call is one transaction, and an alias moves together with its
   * history entry. The application brings the driver (for PostgreSQL {@code
   * org.postgresql:postgresql}) and, in a service, a connection pool as the {@code DataSource}.
   *
   * @throws IOException when the database cannot be reached or its tables are of another format
   */
  public static ModelRegistry onDatabase(DataSource dataSource) throws IOException {
    if (dataSource == null) {
      throw new IllegalArgumentException("dataSource is null; expected the registry database's DataSource. "
          + "Pass your connection pool, or use ModelRegistry.onDatabase(jdbcUrl, properties).");
    }
    return new ModelRegistry(JdbcRegistryStore.open(dataSource), Clock.systemUTC(), "open it again with ModelRegistry.onDatabase");
  }

  /**
   * The registry in the database at {@code jdbcUrl} (e.g. {@code
   * jdbc:postgresql://db:5432/models}), connecting through {@link java.sql.DriverManager} for each
   * call, with {@code properties} such as {@code user} and {@code password}; as {@link
   * #onDatabase(DataSource)} otherwise.
   *
   * @throws IOException when no driver on the class path takes the URL, or the database cannot be reached
   */
  public static ModelRegistry onDatabase(String jdbcUrl, Properties properties) throws IOException {
    if (jdbcUrl == null || properties == null) {
      throw new IllegalArgumentException((jdbcUrl == null ? "jdbcUrl" : "properties") + " is null; expected a JDBC URL such as "
          + "jdbc:postgresql://db:5432/models and its connection properties (user, password; new Properties() for none).");
    }
    return new ModelRegistry(JdbcRegistryStore.open(jdbcUrl, properties), Clock.systemUTC(),
        "open it again with ModelRegistry.onDatabase");
  }

  // ---- registering ----

  /**
   * Registers a bundle file as the model's next version: the file is copied, its copy read and
   * verified with {@link ModelBundle#load(Path)}, then stored. A file that is not a readable
   * bundle is refused with the loader's {@link org.mlengine.runtime.BundleFormatException} and
   * nothing is stored.
   */
  public ModelVersion register(String model, Path bundleFile, Registration registration) throws IOException {
    checkOpen();
    RegistryNames.model(model);
    checkRegistration(registration);
    if (bundleFile == null) {
      throw new IllegalArgumentException("bundleFile is null; expected the path of a bundle written by ModelBundle.save. "
          + "Pass e.g. Path.of(\"credit.mlb\").");
    }
    if (!Files.isRegularFile(bundleFile)) {
      throw new IllegalArgumentException("bundle file " + bundleFile + " does not exist or is not a file; expected a bundle "
          + "written by ModelBundle.save. Check the path.");
    }
    checkCase(model);
    Path copy = Files.createTempFile("mlengine-registry-", ".mlb");
    try {
      try (InputStream in = Files.newInputStream(bundleFile); var out = Files.newOutputStream(copy)) {
        in.transferTo(out); // into the temporary file as created (owner-only), not a replacement of it
      }
      ModelBundle bundle;
      try (InputStream in = Files.newInputStream(copy)) {
        bundle = ModelBundle.read(in, bundleFile.toString());
      }
      return store.add(draft(model, bundle, registration, Files.size(copy)), copy);
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  /** Registers a bundle in memory as the model's next version (written with {@link ModelBundle#save(Path)} first). */
  public ModelVersion register(String model, ModelBundle bundle, Registration registration) throws IOException {
    checkOpen();
    RegistryNames.model(model);
    checkRegistration(registration);
    if (bundle == null) {
      throw new IllegalArgumentException("bundle is null; expected a ModelBundle, e.g. a PipelineResult's bundle(). "
          + "Pass the bundle to register.");
    }
    checkCase(model);
    Path file = Files.createTempFile("mlengine-registry-", ".mlb");
    try {
      bundle.save(file);
      return store.add(draft(model, bundle, registration, Files.size(file)), file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private ModelVersion draft(String model, ModelBundle bundle, Registration r, long bytes) {
    return new ModelVersion(model, 1, bundle.id(), bundle.parentId(), bundle.metrics(), r.tags(), r.by(), clock.instant(),
        r.reason(), bytes);
  }

  /**
   * Model names are kept apart ignoring case, so that a registry directory on a file system that
   * ignores case (macOS, Windows) never mixes two models' versions in one folder.
   */
  private void checkCase(String model) throws IOException {
    for (String existing : store.models()) {
      if (!existing.equals(model) && existing.equalsIgnoreCase(model)) {
        throw new IllegalArgumentException("model name '" + model + "' differs from the registered model '" + existing
            + "' only in case; expected exactly '" + existing + "' or a name that differs in more than case (a registry "
            + "keeps names apart ignoring case, as the file systems of macOS and Windows do). Register under '" + existing
            + "', or pick another name.");
      }
    }
  }

  private static void checkRegistration(Registration registration) {
    if (registration == null) {
      throw new IllegalArgumentException("registration is null; expected who registers the bundle and why. "
          + "Pass e.g. Registration.by(\"ana\", \"weekly retrain\").");
    }
  }

  // ---- lookups ----

  /** The names of the registered models (those with at least one version), sorted. */
  public List<String> models() throws IOException {
    checkOpen();
    return store.models();
  }

  /** The model's versions in ascending number; empty for a model that is not registered. */
  public List<ModelVersion> versions(String model) throws IOException {
    checkOpen();
    return store.versions(RegistryNames.model(model));
  }

  /**
   * One version of a model.
   *
   * @throws NoSuchElementException when the model or the version does not exist (a version
   *     removed by retention no longer does)
   */
  public ModelVersion version(String model, int number) throws IOException {
    checkOpen();
    RegistryNames.model(model);
    Optional<ModelVersion> v = number < 1 ? Optional.empty() : store.version(model, number);
    if (v.isEmpty()) {
      throw noVersion(model, number);
    }
    return v.get();
  }

  /** The version an alias points at; empty when the alias is not set (or the model not registered). */
  public Optional<ModelVersion> version(String model, String alias) throws IOException {
    checkOpen();
    RegistryNames.model(model);
    RegistryNames.alias(alias);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Integer number = store.aliases(model).get(alias);
      if (number == null) {
        return Optional.empty();
      }
      Optional<ModelVersion> v = store.version(model, number);
      if (v.isPresent()) {
        return v;
      }
      if (Objects.equals(store.aliases(model).get(alias), number)) {
        throw new IllegalStateException("alias '" + alias + "' of model '" + model + "' points at version " + number
            + ", which the store does not hold; expected every alias to point at a stored version. The store "
            + store + " was changed outside the registry: promote the alias to an existing version.");
      }
      // the alias moved and its old version was removed meanwhile: read it again
    }
    throw busy(model, alias);
  }

  /** The model's aliases and the version each points at, sorted by alias; empty for a model without any. */
  public Map<String, Integer> aliases(String model) throws IOException {
    checkOpen();
    return store.aliases(RegistryNames.model(model));
  }

  /** The model's alias history, oldest first: every promotion, rollback and removal, never rewritten. */
  public List<AliasMove> history(String model) throws IOException {
    checkOpen();
    return store.history(RegistryNames.model(model));
  }

  // ---- moving aliases ----

  /**
   * Points an alias at a version (setting it when new), as a compare-and-set retried until it
   * wins against concurrent writers, and records the move in the history. Promoting to the
   * version the alias already points at is recorded too (someone confirmed it).
   *
   * @return the history entry
   * @throws NoSuchElementException when the model or the version does not exist
   */
  public AliasMove promote(String model, String alias, int version, String by, String reason) throws IOException {
    checkMove(model, alias, by, reason);
    if (version < 1 || store.version(model, version).isEmpty()) {
      throw noVersion(model, version);
    }
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Integer current = store.aliases(model).get(alias);
      OptionalInt expected = current == null ? OptionalInt.empty() : OptionalInt.of(current);
      try {
        return store.moveAlias(model, alias, expected, OptionalInt.of(version), AliasMove.Kind.PROMOTE, by, reason);
      } catch (ConcurrentModificationException e) {
        // another writer moved the alias between the read and the move: read it again
      } catch (NoSuchElementException e) {
        throw noVersion(model, version);
      }
    }
    throw busy(model, alias);
  }

  /**
   * Moves an alias back one step in its history (see the class comment: an undo that skips
   * versions removed since), recorded as a {@link AliasMove.Kind#ROLLBACK}.
   *
   * @return the history entry
   * @throws NoSuchElementException when the alias is not set
   * @throws IllegalStateException when the history holds no earlier version that still exists
   */
  public AliasMove rollback(String model, String alias, String by, String reason) throws IOException {
    checkMove(model, alias, by, reason);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      List<AliasMove> history = store.history(model);
      long lastSequence = history.isEmpty() ? 0 : history.get(history.size() - 1).sequence();
      Deque<OptionalInt> states = states(history, alias);
      OptionalInt current = states.peek();
      if (current.isEmpty()) {
        throw noAlias(model, alias);
      }
      OptionalInt target = rollbackTarget(model, states);
      if (target.isEmpty()) {
        throw new IllegalStateException("alias '" + alias + "' of model '" + model + "' points at version "
            + current.getAsInt() + " and its history holds no earlier version that still exists; expected an earlier "
            + "promotion to return to. Promote a version instead with registry.promote(\"" + model + "\", \"" + alias
            + "\", version, by, reason).");
      }
      try {
        return store.moveAliasAfter(lastSequence, model, alias, current, target, AliasMove.Kind.ROLLBACK, by, reason);
      } catch (ConcurrentModificationException | NoSuchElementException e) {
        // an alias moved by another writer (even there and back), or the target removed meanwhile: read the history again
      }
    }
    throw busy(model, alias);
  }

  /**
   * Removes an alias (it then points nowhere), recorded in the history.
   *
   * @return the history entry
   * @throws NoSuchElementException when the alias is not set
   */
  public AliasMove removeAlias(String model, String alias, String by, String reason) throws IOException {
    checkMove(model, alias, by, reason);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Integer current = store.aliases(model).get(alias);
      if (current == null) {
        throw noAlias(model, alias);
      }
      try {
        return store.moveAlias(model, alias, OptionalInt.of(current), OptionalInt.empty(), AliasMove.Kind.REMOVE, by, reason);
      } catch (ConcurrentModificationException e) {
        // moved by another writer: read it again
      }
    }
    throw busy(model, alias);
  }

  /** Checks the arguments of a move; the store is read only when one is refused (a move costs one file or row read). */
  private void checkMove(String model, String alias, String by, String reason) {
    checkOpen();
    RegistryNames.model(model);
    RegistryNames.alias(alias);
    RegistryNames.given(by, "by");
    RegistryNames.given(reason, "reason");
  }

  /**
   * The alias's states, newest on top, replayed from its history: a promotion or removal pushes
   * the state it set; a rollback pops down to the state it returned to. The bottom is "not set".
   */
  static Deque<OptionalInt> states(List<AliasMove> history, String alias) {
    Deque<OptionalInt> states = new ArrayDeque<>();
    states.push(OptionalInt.empty());
    for (AliasMove m : history) {
      if (!m.alias().equals(alias)) {
        continue;
      }
      if (m.kind() == AliasMove.Kind.ROLLBACK) {
        states.pop();
        while (!states.isEmpty() && !states.peek().equals(m.to())) {
          states.pop();
        }
        if (states.isEmpty()) { // a history that does not replay (edited by hand): start over from this entry
          states.push(OptionalInt.empty());
          states.push(m.to());
        }
      } else {
        states.push(m.to());
      }
    }
    return states;
  }

  /** The first state below the top that is a version other than the current one and still exists. */
  private OptionalInt rollbackTarget(String model, Deque<OptionalInt> states) throws IOException {
    Iterator<OptionalInt> down = states.iterator();
    int current = down.next().getAsInt();
    while (down.hasNext()) {
      OptionalInt s = down.next();
      if (s.isPresent() && s.getAsInt() != current && store.version(model, s.getAsInt()).isPresent()) {
        return s;
      }
    }
    return OptionalInt.empty();
  }

  // ---- retention ----

  /**
   * Deletes the model's versions older than its {@code keep} newest, except those an alias
   * points at (never deleted, whatever their age), and returns what it deleted, oldest first.
   * Version numbers are not reused afterwards.
   */
  public List<ModelVersion> retainLatest(String model, int keep) throws IOException {
    checkOpen();
    RegistryNames.model(model);
    if (keep < 1) {
      throw new IllegalArgumentException("keep is " + keep + "; expected at least 1 (the newest version is always kept). "
          + "Pass how many of the newest versions to keep, e.g. 5.");
    }
    List<ModelVersion> versions = store.versions(model);
    if (versions.isEmpty()) {
      throw notRegistered(model);
    }
    Set<Integer> aliased = new HashSet<>(store.aliases(model).values());
    List<ModelVersion> deleted = new ArrayList<>();
    for (ModelVersion v : versions.subList(0, Math.max(0, versions.size() - keep))) {
      if (aliased.contains(v.number())) {
        continue;
      }
      try {
        store.delete(model, v.number());
        deleted.add(v);
      } catch (IllegalStateException | NoSuchElementException e) {
        // aliased or deleted by another writer since the read: keep it, or it is gone already
      }
    }
    return List.copyOf(deleted);
  }

  // ---- opening ----

  /**
   * Reads a version's stored bundle, verifying its checksums as {@link ModelBundle#load(Path)}
   * does.
   *
   * @throws NoSuchElementException when the model or the version does not exist
   */
  public ModelBundle bundle(String model, int version) throws IOException {
    version(model, version);
    try (InputStream in = store.openBundle(model, version)) {
      return ModelBundle.read(in, "model '" + model + "' version " + version + " in " + store);
    } catch (NoSuchFileException e) {
      throw noVersion(model, version); // removed by retention since the lookup
    }
  }

  /** A predictor over a version's bundle; the caller closes it. */
  public Predictor open(String model, int version) throws IOException {
    return Predictor.of(bundle(model, version));
  }

  /**
   * A predictor over the version an alias points at now; the caller closes it (it does not
   * follow later moves of the alias).
   *
   * @throws NoSuchElementException when the model is not registered or the alias is not set
   */
  public Predictor open(String model, String alias) throws IOException {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<ModelVersion> v = version(model, alias);
      if (v.isEmpty()) {
        throw noAlias(model, alias);
      }
      try {
        return open(model, v.get().number());
      } catch (NoSuchElementException e) {
        // the alias moved and its old version was removed between the lookup and the read
      }
    }
    throw busy(model, alias);
  }

  // ---- closing and messages ----

  /** Closes the store; later calls are refused. Predictors opened earlier stay usable. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      store.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this model registry is closed; " + reopen + " to use it");
    }
  }

  private NoSuchElementException notRegistered(String model) throws IOException {
    return new NoSuchElementException("model '" + model + "' is not registered; the registry holds " + store.models()
        + ". Check the name, or register a bundle under it with registry.register(\"" + model + "\", bundleFile, registration).");
  }

  private NoSuchElementException noVersion(String model, int number) throws IOException {
    List<Integer> numbers = new ArrayList<>();
    for (ModelVersion v : store.versions(model)) {
      numbers.add(v.number());
    }
    if (numbers.isEmpty()) {
      return notRegistered(model);
    }
    return new NoSuchElementException("model '" + model + "' has no version " + number + "; its versions are " + numbers
        + ". Pass one of those (a version removed by retainLatest is gone for good).");
  }

  private NoSuchElementException noAlias(String model, String alias) throws IOException {
    if (store.versions(model).isEmpty()) {
      return notRegistered(model);
    }
    return new NoSuchElementException("model '" + model + "' has no alias '" + alias + "'; its aliases are "
        + store.aliases(model).keySet() + ". Set it with registry.promote(\"" + model + "\", \"" + alias
        + "\", version, by, reason).");
  }

  private static ConcurrentModificationException busy(String model, String alias) {
    return new ConcurrentModificationException("alias '" + alias + "' of model '" + model + "' was moved by other writers "
        + MAX_ATTEMPTS + " times in a row while this call tried; expected fewer concurrent moves. Try again.");
  }

  @Override
  public String toString() {
    return "ModelRegistry(" + store + (closed ? ", closed" : "") + ")";
  }
}
