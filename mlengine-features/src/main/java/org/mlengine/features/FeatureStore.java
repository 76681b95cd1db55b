package org.mlengine.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Table;

/**
 * A registry of {@link FeatureView}s by name and version, from which any pipeline uses a view by
 * name ({@link Features#view(FeatureStore, String)}) and which builds point-in-time training
 * sets. In memory ({@link #inMemory()}) or a directory of data-only JSON files, one per version
 * ({@code <name>/v<version>.json}), which several processes may share ({@link #open(Path)}).
 *
 * <pre>{@code
 * FeatureStore store = FeatureStore.open(Path.of("features"));
 * store.register(Features.featureView("ridership_history").time("date")
 *     .add(Features.window("ridership").over(Duration.ofDays(7)).mean()).build());
 * TrainingSet training = store.trainingSet(labelled, "date", Map.of("ridership_history", events), "ridership_history");
 * store.requireSameViews(bundle);   // refuses a bundle trained with other definitions
 * }</pre>
 *
 * <p><b>Versions.</b> A view's identity is its name and version; its {@link
 * FeatureView#fingerprint() fingerprint} is the definition's content. Registering the same
 * definition again under the same version does nothing; a changed definition under an existing
 * version is refused: give it the next version ({@link #nextVersion(String)}).
 */
public final class FeatureStore {
  private static final Pattern FILE = Pattern.compile("v([1-9][0-9]{0,8})\\.json");

  /** The directory, empty for an in-memory store. */
  private final Optional<Path> directory;
  /** In memory: name -> version -> view. */
  private final Map<String, TreeMap<Integer, FeatureView>> memory = new ConcurrentHashMap<>();

  private FeatureStore(Optional<Path> directory) {
    this.directory = directory;
  }

  /** An empty store in memory. */
  public static FeatureStore inMemory() {
    return new FeatureStore(Optional.empty());
  }

  /**
   * A store over a directory (created when absent), each view version in {@code
   * <name>/v<version>.json}; every lookup reads the files, so views registered by another process
   * are seen.
   */
  public static FeatureStore open(Path directory) throws IOException {
    Objects.requireNonNull(directory, "directory is null; give the folder holding the views, e.g. Path.of(\"features\")");
    Files.createDirectories(directory);
    return new FeatureStore(Optional.of(directory));
  }

  /**
   * Registers a view; returns it. The same definition under the same name and version again is
   * accepted and changes nothing.
   *
   * @throws IllegalArgumentException when that name and version hold another definition
   */
  public synchronized FeatureView register(FeatureView view) {
    Objects.requireNonNull(view, "register(...) got null; give a view built with Features.featureView(name)...build()");
    Optional<FeatureView> existing = find(view.name(), view.version());
    if (existing.isPresent()) {
      if (existing.get().fingerprint().equals(view.fingerprint())) {
        return existing.get();
      }
      throw new IllegalArgumentException("feature view '" + view.name() + "' version " + view.version() + " is already registered"
          + " with fingerprint " + existing.get().fingerprint() + ", and this definition's is " + view.fingerprint() + ": a changed"
          + " definition is a new version. Register it as version " + nextVersion(view.name()) + " (.version("
          + nextVersion(view.name()) + ") on the builder, or view.withVersion(" + nextVersion(view.name()) + "))");
    }
    if (directory.isEmpty()) {
      memory.computeIfAbsent(view.name(), n -> new TreeMap<>()).put(view.version(), view);
      return view;
    }
    write(view);
    return view;
  }

  private void write(FeatureView view) {
    Path folder = directory.get().resolve(view.name());
    Path target = folder.resolve("v" + view.version() + ".json");
    try {
      Files.createDirectories(folder);
      Path temp = Files.createTempFile(folder, ".v" + view.version() + "-", ".tmp");
      try {
        Files.writeString(temp, view.toJson(), StandardCharsets.UTF_8);
        try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
          channel.force(true);
        }
        // A hard link fails when the target exists, so two processes registering the same
        // version cannot overwrite each other.
        Files.createLink(target, temp);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (FileAlreadyExistsException e) {
      FeatureView other = read(target);
      if (!other.fingerprint().equals(view.fingerprint())) {
        throw new IllegalArgumentException("feature view '" + view.name() + "' version " + view.version() + " was registered by"
            + " another process meanwhile with fingerprint " + other.fingerprint() + "; register this definition as version "
            + nextVersion(view.name()), e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write feature view '" + view.name() + "' to " + target + ": " + e.getMessage()
          + "; check that the directory is writable", e);
    }
  }

  /** The latest version of a view. */
  public FeatureView view(String name) {
    List<Integer> versions = versions(name);
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("no feature view '" + name + "' in " + this + "; registered: " + names()
          + ". Register it with store.register(Features.featureView(\"" + name + "\")...build())");
    }
    return view(name, versions.get(versions.size() - 1));
  }

  /** One version of a view. */
  public FeatureView view(String name, int version) {
    return find(name, version).orElseThrow(() -> new IllegalArgumentException("no version " + version + " of feature view '"
        + name + "' in " + this + "; its versions are " + versions(name)));
  }

  /** The registered versions of a view, ascending; empty when it has none. */
  public List<Integer> versions(String name) {
    if (directory.isEmpty()) {
      TreeMap<Integer, FeatureView> versions = memory.get(name);
      return versions == null ? List.of() : List.copyOf(versions.keySet());
    }
    Path folder = directory.get().resolve(name);
    if (name == null || name.contains("/") || name.contains("\\") || name.startsWith(".") || !Files.isDirectory(folder)) {
      return List.of();
    }
    List<Integer> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "v*.json")) {
      for (Path f : files) {
        Matcher m = FILE.matcher(f.getFileName().toString());
        if (m.matches()) {
          out.add(Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list feature view '" + name + "' in " + folder + ": " + e.getMessage(), e);
    }
    out.sort(null);
    return List.copyOf(out);
  }

  /** The version a changed definition of {@code name} should take: one past the latest (1 for a new view). */
  public int nextVersion(String name) {
    List<Integer> versions = versions(name);
    return versions.isEmpty() ? 1 : versions.get(versions.size() - 1) + 1;
  }

  /** The names of the registered views, sorted. */
  public List<String> names() {
    if (directory.isEmpty()) {
      return memory.keySet().stream().sorted().toList();
    }
    try (var folders = Files.list(directory.get())) {
      return folders.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !versions(n).isEmpty()).sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory.get() + ": " + e.getMessage(), e);
    }
  }

  private Optional<FeatureView> find(String name, int version) {
    if (directory.isEmpty()) {
      TreeMap<Integer, FeatureView> versions = memory.get(name);
      return Optional.ofNullable(versions == null ? null : versions.get(version));
    }
    if (!versions(name).contains(version)) {
      return Optional.empty();
    }
    return Optional.of(read(directory.get().resolve(name).resolve("v" + version + ".json")));
  }

  private static FeatureView read(Path file) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read feature view file " + file + ": " + e.getMessage(), e);
    }
    FeatureView view;
    try {
      view = FeatureView.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("feature view file " + file + ": " + e.getMessage(), e);
    }
    String expected = view.name() + "/v" + view.version() + ".json";
    if (!file.endsWith(Path.of(view.name(), "v" + view.version() + ".json"))) {
      throw new IllegalArgumentException("feature view file " + file + " holds '" + view.name() + "' version " + view.version()
          + "; it belongs at " + expected + ". Move it there or correct its name and version");
    }
    return view;
  }

  /**
   * The point-in-time training set: every feature of the named views (latest versions) for each
   * labelled row, as of the row's time in {@code timeColumn} (strictly before it, less each view's
   * gap), for its entity (the rows' column named like each view's entity), from the events of each
   * view's source in {@code events} (by source name). Values whose entity's latest event is older
   * than the view's time to live are missing, and counted in {@link TrainingSet#expiredRows()}.
   *
   * @throws IllegalArgumentException when a view is unknown or its source has no events table
   */
  public TrainingSet trainingSet(Table labelled, String timeColumn, Map<String, Table> events, String... views) {
    Objects.requireNonNull(labelled, "labelled is null; give the rows with their entity keys, times and labels");
    Objects.requireNonNull(events, "events is null; give the events of each view's source by source name");
    if (views.length == 0) {
      throw new IllegalArgumentException("trainingSet(...) names no view; give one or more of " + names());
    }
    List<FeatureView> resolved = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String name : views) {
      try {
        FeatureView v = view(name);
        resolved.add(v);
        if (!events.containsKey(v.source())) {
          problems.add("feature view '" + name + "' reads source '" + v.source() + "', but events has no table for it (it has "
              + events.keySet() + "); add Map.entry(\"" + v.source() + "\", table)");
        }
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    Table out = labelled;
    Map<String, Integer> expired = new LinkedHashMap<>();
    for (FeatureView v : resolved) {
      FeatureView.Join j = v.join(out, timeColumn, events.get(v.source()));
      out = j.table();
      expired.put(v.name(), j.expiredRows());
    }
    return new TrainingSet(out, resolved, expired);
  }

  /**
   * Refuses a bundle trained with views this store holds with another definition (same name and
   * version, another fingerprint) or does not hold at all, listing each.
   *
   * @throws IllegalStateException naming every view that differs
   */
  public void requireSameViews(ModelBundle bundle) {
    Objects.requireNonNull(bundle, "bundle is null");
    List<String> problems = new ArrayList<>();
    for (FeatureView used : bundle.featureViews()) {
      Optional<FeatureView> here = find(used.name(), used.version());
      if (here.isEmpty()) {
        problems.add("the model was trained with feature view '" + used.name() + "' version " + used.version() + " ("
            + used.fingerprint() + "), which this store does not hold (its versions: " + versions(used.name()) + ")");
      } else if (!here.get().fingerprint().equals(used.fingerprint())) {
        problems.add("feature view '" + used.name() + "' version " + used.version() + " has fingerprint " + here.get().fingerprint()
            + " here but " + used.fingerprint() + " in the model");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("bundle " + bundle.id() + " does not match " + this + ":\n" + String.join("\n", problems)
          + "\nServe it with the store it was trained with, or retrain it on this store's views");
    }
  }

  @Override
  public String toString() {
    return directory.map(d -> "feature store " + d).orElse("in-memory feature store");
  }
}
