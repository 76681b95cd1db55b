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
 * series), its value columns and the time its values stay valid after their as-of time ({@link
 * Duration#ZERO}: forever). The values are kept as a {@link Stream} of the view's name whose one
 * event per key is the latest materialised row, so the disk store frames them as the history does.
 *
 * <pre>{@code
 * ViewSlot v = new ViewSlot("trips", "2", "9f3a...", Optional.of("rider"),
 *     List.of(new Schema.Field("trips_count_7d", ColumnType.NUMERIC, List.of())), Duration.ofDays(2));
 * Stream.Entry e = new Stream.Entry(v.stream(0), "r-17", asOfMillis, new Object[] {3.0});
 * }</pre>
 */
record ViewSlot(String name, String version, String fingerprint, Optional<String> key, List<Schema.Field> columns, Duration ttl) {
  static final String AS_OF = "asOf";

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

  /** The stream the store frames this view's rows with, under the store's id for it. */
  Stream stream(int id) {
    return new Stream(id, name, key, AS_OF, columns);
  }

  /** The time to live in milliseconds, 0 for none. */
  long ttlMillis() {
    try {
      return ttl.toMillis();
    } catch (ArithmeticException e) {
      return 0;   // longer than a long of milliseconds: never expires
    }
  }

  /** Whether a row as of {@code asOf} has expired at {@code now}: its as-of time plus the time to live is not after now. */
  boolean expired(long asOf, long now) {
    long ttl = ttlMillis();
    return ttl > 0 && asOf <= now - ttl;
  }

  /** The first instant, in epoch milliseconds, at which a row as of {@code asOf} is expired, {@code Long.MAX_VALUE} for never. */
  long expiresAt(long asOf) {
    long ttl = ttlMillis();
    return ttl == 0 || asOf > Long.MAX_VALUE - ttl ? Long.MAX_VALUE : asOf + ttl;
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
