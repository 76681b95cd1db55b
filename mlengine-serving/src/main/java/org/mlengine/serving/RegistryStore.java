package org.mlengine.serving;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a {@link ModelRegistry} keeps its versions, bundles, aliases and history: a directory
 * ({@code DirectoryRegistryStore}) or a relational database through JDBC
 * ({@code JdbcRegistryStore}). Every method is atomic on its own and safe to call from several
 * threads and several processes at once; a reader never sees a half-written version or alias.
 * {@link ModelRegistry} validates names and arguments before calling a store, and builds the
 * messages users read; a store reports a broken precondition with the exceptions named below.
 */
interface RegistryStore extends AutoCloseable {
  /**
   * Stores a new version of {@code draft.model()} numbered one past the model's highest (1 for
   * a new model) with the bundle's bytes, atomically: either the whole version is visible
   * afterwards or none of it. {@code draft.number()} is ignored.
   *
   * @return the version as stored, with its number
   */
  ModelVersion add(ModelVersion draft, Path bundleFile) throws IOException;

  /** The names of the models that have at least one version, sorted. */
  List<String> models() throws IOException;

  /** The model's versions in ascending number; empty for an unknown model. */
  List<ModelVersion> versions(String model) throws IOException;

  /** One version, if it exists (a version removed by retention no longer does). */
  Optional<ModelVersion> version(String model, int number) throws IOException;

  /** Opens the stored bytes of an existing version's bundle; the caller closes the stream. */
  InputStream openBundle(String model, int number) throws IOException;

  /** The model's aliases and the version each points at, sorted by alias. */
  Map<String, Integer> aliases(String model) throws IOException;

  /**
   * Moves an alias atomically, as a compare-and-set: only when it currently points at
   * {@code expected} (empty: only when it is not set). {@code to} empty removes it. Appends the
   * move to the model's history in the same step.
   *
   * @return the history entry, with its sequence number
   * @throws java.util.ConcurrentModificationException when the alias no longer points at
   *     {@code expected} (another thread or process moved it first)
   * @throws java.util.NoSuchElementException when {@code to} names a version that does not exist
   */
  default AliasMove moveAlias(String model, String alias, OptionalInt expected, OptionalInt to, AliasMove.Kind kind,
      String by, String reason) throws IOException {
    return moveAliasAfter(ANY_HISTORY, model, alias, expected, to, kind, by, reason);
  }

  /** {@link #moveAliasAfter}'s {@code lastSequence} that accepts any history. */
  long ANY_HISTORY = -1;

  /**
   * {@link #moveAlias}, and only when the model's history still ends at {@code lastSequence}
   * (0: no entry yet; {@link #ANY_HISTORY}: whatever it holds). A move computed from the
   * history (a rollback) passes the sequence it read, so that moves which left the alias where
   * it was (there and back) still make it read the history again.
   *
   * @throws java.util.ConcurrentModificationException as {@link #moveAlias}, or when the history
   *     has grown past {@code lastSequence}
   */
  AliasMove moveAliasAfter(long lastSequence, String model, String alias, OptionalInt expected, OptionalInt to,
      AliasMove.Kind kind, String by, String reason) throws IOException;

  /** The model's alias history, oldest first. */
  List<AliasMove> history(String model) throws IOException;

  /**
   * Deletes a version and its bundle (retention), atomically with respect to aliases.
   *
   * @throws IllegalStateException when an alias points at it
   */
  void delete(String model, int number) throws IOException;

  /** Releases the store's resources (file locks, connections). */
  @Override
  void close() throws IOException;
}
