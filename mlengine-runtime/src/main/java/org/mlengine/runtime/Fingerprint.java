package org.mlengine.runtime;

import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.internal.Sha256;

/**
 * What a fitted pipeline saw: the number of training rows and a SHA-256 over their values
 * (column names, types and every cell, in order), so an audit can prove which rows it was, and
 * how many rows augmenters added to them (the hash covers the original rows only).
 *
 * <pre>{@code
 * Fingerprint seen = Fingerprint.of(trainingRows);   // rows and hash, no augmentation
 * boolean same = seen.sha256().equals(Fingerprint.of(otherRows).sha256());
 * }</pre>
 *
 * @param rows the number of original training rows
 * @param sha256 the hex SHA-256 of the original training rows
 * @param augmentedRows the number of rows augmenters added, or {@link #NOT_AUGMENTED} when the
 *     pipeline has no augmenter (and the manifest has no such field)
 */
public record Fingerprint(int rows, String sha256, int augmentedRows) {
  /** The {@link #augmentedRows()} of a pipeline without augmenters. */
  public static final int NOT_AUGMENTED = -1;

  public Fingerprint {
    org.mlengine.runtime.internal.Checks.checkArgument(
        augmentedRows >= NOT_AUGMENTED, "augmentedRows is %s; give 0 or more, or NOT_AUGMENTED", augmentedRows);
  }

  /** A fingerprint of a pipeline without augmenters. */
  public Fingerprint(int rows, String sha256) {
    this(rows, sha256, NOT_AUGMENTED);
  }

  /** This fingerprint recording that augmenters added {@code count} rows. */
  public Fingerprint withAugmentedRows(int count) {
    return new Fingerprint(rows, sha256, count);
  }

  public static Fingerprint of(Table table) {
    Sha256 h = Sha256.hasher();
    h.putInt(table.rowCount());
    for (Column c : table.columns()) {
      h.putString(c.name()).putInt(c.type().ordinal());
      for (int r = 0; r < c.size(); r++) {
        Object v = c.value(r);
        if (v == null) {
          h.putByte((byte) 0);
        } else if (v instanceof Double d) {
          h.putByte((byte) 1).putDouble(d);
        } else if (v instanceof java.time.Instant i) {
          h.putByte((byte) 2).putLong(i.toEpochMilli());
        } else {
          String s = v.toString();
          h.putByte((byte) 3).putInt(s.length()).putString(s);
        }
      }
    }
    return new Fingerprint(table.rowCount(), h.hex());
  }
}
