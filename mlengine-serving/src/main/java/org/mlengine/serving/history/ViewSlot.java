package org.mlengine.serving.history;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Schema;

/**
 * What an online store keeps of one feature view: its name, version and fingerprint (which say
 * whether a bundle's view is the one the store holds), its entity key column (none for a single
 * series), its value columns and its time to live ({@link Duration#ZERO}: none). The values are
 * kept as a {@link Stream} of the view's name whose one event per key is the latest materialised
 * row, with the instant the row expires as a last column, so the disk store frames them as the
 * history does and every store judges a row's expiry from the row itself.
 *
 * <pre>{@code
 * ViewSlot v = new ViewSlot("trips", "2", "9f3a...", Optional.of("rider"),
 *     List.of(new Schema.Field("trips_count_7d", ColumnType.NUMERIC, List.of())), Duration.ofDays(2));
 * Stream.Entry e = new Stream.Entry(v.stream(0), "r-17", asOfMillis, ViewSlot.withExpiry(new Object[] {3.0}, v.expiresAt(asOfMillis)));
 * }</pre>
 */
record ViewSlot(String name, String version, String fingerprint, Optional<String> key, List<Schema.Field> columns, Duration ttl) {
  static final String AS_OF = "asOf";
  static final String EXPIRES = "$expires";

  ViewSlot {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(ttl, "ttl");
    columns = List.copyOf(columns);
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("view '" + name + "' has a negative time to live " + ttl + "; give a positive one, or"
          + " Duration.ZERO to keep its values until they are replaced");
    }
    for (Schema.Field f : columns) {
      if (f.type() != ColumnType.NUMERIC && f.type() != ColumnType.CATEGORICAL && f.type() != ColumnType.TEXT) {
        throw new IllegalArgumentException("view '" + name + "' column '" + f.name() + "' is " + f.type() + "; an online store keeps"
            + " NUMERIC, CATEGORICAL and TEXT values");
      }
    }
  }

  /**
   * The stream the store frames this view's rows with, under the store's id for it: the view's
   * columns, then {@value #EXPIRES}, the row's expiry ({@link #expiresAtOf}).
   */
  Stream stream(int id) {
    List<Schema.Field> framed = new java.util.ArrayList<>(columns);
    framed.add(new Schema.Field(EXPIRES, ColumnType.NUMERIC, List.of()));
    return new Stream(id, name, key, AS_OF, framed);
  }

  /** The values a row frames: the view's values, then its expiry ({@code +Infinity} for never). */
  static Object[] withExpiry(Object[] values, long expiresAt) {
    Object[] out = java.util.Arrays.copyOf(values, values.length + 1);
    out[values.length] = expiresAt == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : (double) expiresAt;
    return out;
  }

  /** The first instant, in epoch milliseconds, at which the row reads as expired; {@code Long.MAX_VALUE} for never. */
  static long expiresAtOf(Stream.Entry e) {
    double d = (Double) e.values()[e.values().length - 1];
    return d == Double.POSITIVE_INFINITY ? Long.MAX_VALUE : (long) d;
  }

  /** Whether the row reads as expired at {@code now}: its expiry is not after now. */
  static boolean expired(Stream.Entry e, long now) {
    return now >= expiresAtOf(e);
  }

  /** The time to live in milliseconds, 0 for none. */
  long ttlMillis() {
    try {
      return ttl.toMillis();
    } catch (ArithmeticException e) {
      return 0;   // longer than a long of milliseconds: never expires
    }
  }

  /**
   * The first instant, in epoch milliseconds, at which a row written directly as of {@code asOf}
   * is expired: as of plus the time to live; {@code Long.MAX_VALUE} for never.
   */
  long expiresAt(long asOf) {
    long ttl = ttlMillis();
    return ttl == 0 || asOf > Long.MAX_VALUE - ttl ? Long.MAX_VALUE : asOf + ttl;
  }

  /**
   * The first instant at which a materialised row is expired, the view's rule: its values expire
   * once the entity's latest event before the cutoff ({@code latestEvent}, epoch milliseconds) is
   * older than {@code t − ttl}, so at every {@code t > latestEvent + ttl}; with no such event
   * ({@code Long.MIN_VALUE}) they are expired already; {@code Long.MAX_VALUE} without a time to live.
   */
  long expiresAfterEvent(long latestEvent) {
    long ttl = ttlMillis();
    if (ttl == 0) {
      return Long.MAX_VALUE;
    }
    if (latestEvent == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    return latestEvent >= Long.MAX_VALUE - ttl - 1 ? Long.MAX_VALUE : latestEvent + ttl + 1;
  }

  /** Whether another declaration is this view: same version, fingerprint, key, columns and time to live. */
  boolean sameAs(ViewSlot other) {
    return equals(other);
  }

  /** The view's name, version and fingerprint, as errors name it. */
  String describe() {
    return "view '" + name + "' version " + version + " (fingerprint " + fingerprint + ")";
  }

  /** The layout, in one line, as the Redis store records it. */
  String descriptor() {
    StringBuilder s = new StringBuilder(version).append('\u0000').append(fingerprint).append('\u0000')
        .append(key.map(k -> "=" + k).orElse("!")).append('\u0000').append(ttl.toString());
    columns.forEach(f -> s.append('\u0000').append(f.name()).append(':').append(f.type()));
    return s.toString();
  }

  /** The view a descriptor describes. */
  static ViewSlot parse(String name, String descriptor) {
    String[] parts = descriptor.split("\u0000", -1);
    List<Schema.Field> columns = new java.util.ArrayList<>();
    for (int i = 4; i < parts.length; i++) {
      int colon = parts[i].lastIndexOf(':');
      columns.add(new Schema.Field(parts[i].substring(0, colon), ColumnType.valueOf(parts[i].substring(colon + 1)), List.of()));
    }
    Optional<String> key = parts[2].equals("!") ? Optional.empty() : Optional.of(parts[2].substring(1));
    return new ViewSlot(name, parts[0], parts[1], key, columns, Duration.parse(parts[3]));
  }
}
