package org.mlengine.serving;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One entry of a {@link ModelRegistry}'s append-only alias history: an alias of a model moved
 * from one version to another (or was set for the first time, or removed), by whom, when and why.
 *
 * <pre>{@code
 * for (AliasMove m : registry.history("credit")) {
 *   System.out.println(m.at() + " " + m.alias() + ": " + m.from() + " -> " + m.to() + " (" + m.kind() + ", " + m.reason() + ")");
 * }
 * }</pre>
 *
 * @param sequence the entry's position in the model's history, from 1
 * @param model the model's name
 * @param alias the alias that moved
 * @param kind what moved it
 * @param from the version it pointed at before, empty when it was new
 * @param to the version it points at now, empty when it was removed
 * @param by who moved it
 * @param at when
 * @param reason why
 */
public record AliasMove(long sequence, String model, String alias, Kind kind, OptionalInt from, OptionalInt to, String by,
    Instant at, String reason) {
  /**
   * What moved an alias.
   *
   * <pre>{@code
   * long rollbacks = registry.history("credit").stream().filter(m -> m.kind() == AliasMove.Kind.ROLLBACK).count();
   * }</pre>
   */
  public enum Kind {
    /** {@code promote}: the alias now points at a chosen version. */
    PROMOTE,
    /** {@code rollback}: the alias went back to the version it pointed at before. */
    ROLLBACK,
    /** {@code removeAlias}: the alias points nowhere. */
    REMOVE
  }

  /** Checks the fields. */
  public AliasMove {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reason, "reason");
  }
}
