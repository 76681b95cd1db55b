package org.mlengine.serving;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A {@link RegistryStore} in a directory, safe for several threads and several processes on one
 * file system. The layout:
 *
 * <pre>
 * &lt;dir&gt;/models/&lt;model&gt;/versions/&lt;n&gt;/bundle.mlb     the bundle's bytes, as registered
 * &lt;dir&gt;/models/&lt;model&gt;/versions/&lt;n&gt;/version.json   the version's metadata
 * &lt;dir&gt;/models/&lt;model&gt;/aliases.json               aliases, their whole history, highest number (set before a deletion)
 * &lt;dir&gt;/models/&lt;model&gt;/.lock                      the writers' lock file
 * </pre>
 *
 * <p>Every write of a model (a new version, an alias move, a deletion) holds an exclusive {@link
 * FileLock} on the model's lock file, and, since a JVM holds one such lock per file, an
 * in-process lock on the same path first. A version is written into a {@code .tmp-*} folder and
 * fsynced, then renamed into {@code versions/} atomically; {@code aliases.json} is written to a
 * {@code .tmp-*} file, fsynced and renamed over the old one, so an alias and its history entry are
 * one file and can never disagree. A deleted version is renamed out of {@code versions/} first
 * (to {@code .trash-*}) and removed afterwards. Readers take no lock: they see each file whole
 * or not at all, skip the {@code .tmp-*} and {@code .trash-*} names, and the next writer of the
 * model removes those a crashed writer left behind.
 */
final class DirectoryRegistryStore implements RegistryStore {
  /** The format of {@code version.json} and {@code aliases.json}. */
  static final int FORMAT = 1;
  static final String TEMP = ".tmp-";
  static final String TRASH = ".trash-";

  /**
   * One lock per lock file for this JVM: {@link FileChannel#lock()} throws {@code
   * OverlappingFileLockException} when a second thread of the same JVM asks, so threads queue
   * here first, whichever store instance they use.
   */
  private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path models;
  private final Clock clock;
  private final boolean sync;

  /** A store in {@code dir}, created when missing; {@code clock} stamps the alias moves. */
  DirectoryRegistryStore(Path dir, Clock clock) throws IOException {
    this(dir, clock, true);
  }

  /**
   * A store whose writes are fsynced ({@code sync}) or not: without, a crash of the machine (not
   * of the process) may lose the last writes, and nothing else changes; for tests that run
   * thousands of writes and registries that can be rebuilt.
   */
  DirectoryRegistryStore(Path dir, Clock clock, boolean sync) throws IOException {
    Path modelsDir = dir.resolve("models");
    Files.createDirectories(modelsDir);
    this.models = modelsDir.toRealPath();
    this.clock = clock;
    this.sync = sync;
  }

  @Override
  public ModelVersion add(ModelVersion draft, Path bundleFile) throws IOException {
    return locked(draft.model(), dir -> {
      RegistryState state = readState(dir);
      int number = Math.max(state.lastNumber(), highestVersion(dir)) + 1;
      Path temp = dir.resolve(TEMP + UUID.randomUUID());
      Files.createDirectory(temp);
      Path bundle = temp.resolve("bundle.mlb");
      Files.copy(bundleFile, bundle);
      force(bundle);
      ModelVersion stored = new ModelVersion(draft.model(), number, draft.bundleId(), draft.parentBundleId(),
          draft.metrics(), draft.tags(), draft.registeredBy(), draft.registeredAt(), draft.reason(), Files.size(bundle));
      writeSynced(temp.resolve("version.json"), RegistryJson.version(stored));
      forceDirectory(temp);
      Path versions = dir.resolve("versions");
      Files.createDirectories(versions);
      Files.move(temp, versions.resolve(Integer.toString(number)), StandardCopyOption.ATOMIC_MOVE);
      forceDirectory(versions);
      return stored; // the highest folder is the last number; delete records it before removing that folder
    });
  }

  @Override
  public List<String> models() throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(models)) {
      for (Path dir : dirs) {
        if (Files.isDirectory(dir) && highestVersion(dir) > 0) {
          names.add(dir.getFileName().toString());
        }
      }
    }
    names.sort(Comparator.naturalOrder());
    return List.copyOf(names);
  }

  @Override
  public List<ModelVersion> versions(String model) throws IOException {
    List<ModelVersion> found = new ArrayList<>();
    for (int number : numbers(models.resolve(model))) {
      version(model, number).ifPresent(found::add);
    }
    return List.copyOf(found);
  }

  @Override
  public Optional<ModelVersion> version(String model, int number) throws IOException {
    Path file = models.resolve(model).resolve("versions").resolve(Integer.toString(number)).resolve("version.json");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of(RegistryJson.version(bytes, file));
  }

  @Override
  public InputStream openBundle(String model, int number) throws IOException {
    return Files.newInputStream(models.resolve(model).resolve("versions").resolve(Integer.toString(number)).resolve("bundle.mlb"));
  }

  @Override
  public Map<String, Integer> aliases(String model) throws IOException {
    return readState(models.resolve(model)).aliases();
  }

  @Override
  public AliasMove moveAliasAfter(long lastSequence, String model, String alias, OptionalInt expected, OptionalInt to,
      AliasMove.Kind kind, String by, String reason) throws IOException {
    return locked(model, dir -> {
      RegistryState state = readState(dir);
      if (lastSequence != ANY_HISTORY && state.history().size() != lastSequence) {
        throw new ConcurrentModificationException("the history of model '" + model + "' ends at entry "
            + state.history().size() + ", not " + lastSequence + " as expected; another writer moved an alias");
      }
      Integer current = state.aliases().get(alias);
      OptionalInt now = current == null ? OptionalInt.empty() : OptionalInt.of(current);
      if (!now.equals(expected)) {
        throw new ConcurrentModificationException("alias '" + alias + "' of model '" + model + "' points at "
            + RegistryJson.describe(now) + ", not " + RegistryJson.describe(expected) + " as expected; another writer moved it");
      }
      if (to.isPresent() && !Files.exists(versionDir(dir, to.getAsInt()).resolve("version.json"))) {
        throw new NoSuchElementException("model '" + model + "' has no version " + to.getAsInt());
      }
      AliasMove move = new AliasMove(state.history().size() + 1L, model, alias, kind, now, to, by, clock.instant(), reason);
      writeState(dir, state.with(move));
      return move;
    });
  }

  @Override
  public List<AliasMove> history(String model) throws IOException {
    return readState(models.resolve(model)).history();
  }

  @Override
  public void delete(String model, int number) throws IOException {
    locked(model, dir -> {
      RegistryState state = readState(dir);
      List<String> pointing = state.aliasesOf(number);
      if (!pointing.isEmpty()) {
        throw new IllegalStateException("version " + number + " of model '" + model + "' is aliased as " + pointing
            + "; move or remove those aliases first");
      }
      Path version = versionDir(dir, number);
      if (!Files.exists(version)) {
        throw new NoSuchElementException("model '" + model + "' has no version " + number);
      }
      int highest = highestVersion(dir);
      if (state.lastNumber() < highest) {
        writeState(dir, state.withLastNumber(highest)); // numbers are never given twice
      }
      Path trash = dir.resolve(TRASH + UUID.randomUUID());
      Files.move(version, trash, StandardCopyOption.ATOMIC_MOVE);
      forceDirectory(version.getParent());
      deleteTree(trash);
      return null;
    });
  }

  @Override
  public void close() {
    // Holds no lock or handle between calls.
  }

  @Override
  public String toString() {
    return "DirectoryRegistryStore(" + models.getParent() + ")";
  }

  // ---- locking and files ----

  private interface Write<T> {
    T run(Path modelDir) throws IOException;
  }

  private <T> T locked(String model, Write<T> write) throws IOException {
    Path dir = models.resolve(model);
    Files.createDirectories(dir);
    Path lockFile = dir.toRealPath().resolve(".lock"); // one key per folder, whatever the case or links of its path
    ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, k -> new ReentrantLock());
    local.lock();
    try (FileChannel channel = FileChannel.open(lockFile, CREATE, WRITE)) {
      FileLock held = channel.lock();
      try {
        removeLeftovers(dir);
        return write.run(dir);
      } finally {
        held.release();
      }
    } finally {
      local.unlock();
    }
  }

  /** Under the lock: no other writer is running, so every temp or trash entry is a crash's leftover. */
  private static void removeLeftovers(Path dir) throws IOException {
    List<Path> leftovers;
    try (Stream<Path> entries = Files.list(dir)) {
      leftovers = entries.filter(p -> p.getFileName().toString().startsWith(TEMP) || p.getFileName().toString().startsWith(TRASH))
          .toList();
    }
    for (Path p : leftovers) {
      deleteTree(p);
    }
  }

  private static Path versionDir(Path modelDir, int number) {
    return modelDir.resolve("versions").resolve(Integer.toString(number));
  }

  /** The version numbers present in {@code versions/}, ascending; names that are not numbers are skipped. */
  private static List<Integer> numbers(Path modelDir) throws IOException {
    List<Integer> numbers = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(modelDir.resolve("versions"))) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (name.matches("[1-9][0-9]{0,8}")) {
          numbers.add(Integer.parseInt(name));
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    numbers.sort(Comparator.naturalOrder());
    return numbers;
  }

  private static int highestVersion(Path modelDir) throws IOException {
    List<Integer> numbers = numbers(modelDir);
    return numbers.isEmpty() ? 0 : numbers.get(numbers.size() - 1);
  }

  private static RegistryState readState(Path modelDir) throws IOException {
    Path file = modelDir.resolve("aliases.json");
    try {
      return RegistryJson.state(Files.readAllBytes(file), file);
    } catch (NoSuchFileException e) {
      return RegistryState.EMPTY;
    }
  }

  private void writeState(Path modelDir, RegistryState state) throws IOException {
    Path temp = modelDir.resolve(TEMP + UUID.randomUUID() + ".json");
    writeSynced(temp, RegistryJson.state(state));
    Files.move(temp, modelDir.resolve("aliases.json"), StandardCopyOption.ATOMIC_MOVE);
    forceDirectory(modelDir);
  }

  private void writeSynced(Path file, byte[] bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(file, CREATE_NEW, WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      if (sync) {
        channel.force(true);
      }
    }
  }

  private void force(Path file) throws IOException {
    if (sync) {
      try (FileChannel channel = FileChannel.open(file, WRITE)) {
        channel.force(true);
      }
    }
  }

  /** Makes a rename in {@code dir} durable where the platform allows opening a directory (Linux, macOS). */
  private void forceDirectory(Path dir) {
    if (!sync) {
      return;
    }
    try (FileChannel channel = FileChannel.open(dir, READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Windows cannot open a directory; its renames are durable through the file system's journal.
    }
  }

  private static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** What {@code aliases.json} holds; immutable. */
  record RegistryState(int lastNumber, Map<String, Integer> aliases, List<AliasMove> history) {
    static final RegistryState EMPTY = new RegistryState(0, Map.of(), List.of());

    RegistryState {
      aliases = java.util.Collections.unmodifiableMap(new TreeMap<>(aliases));
      history = List.copyOf(history);
    }

    RegistryState withLastNumber(int number) {
      return new RegistryState(Math.max(lastNumber, number), aliases, history);
    }

    RegistryState with(AliasMove move) {
      Map<String, Integer> moved = new TreeMap<>(aliases);
      if (move.to().isPresent()) {
        moved.put(move.alias(), move.to().getAsInt());
      } else {
        moved.remove(move.alias());
      }
      List<AliasMove> longer = new ArrayList<>(history);
      longer.add(move);
      return new RegistryState(lastNumber, moved, longer);
    }

    List<String> aliasesOf(int number) {
      List<String> names = new ArrayList<>();
      aliases.forEach((alias, n) -> {
        if (n == number) {
          names.add(alias);
        }
      });
      return names;
    }
  }
}
