package org.mlengine.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
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

  private static final byte MISSING = 0;
  private static final byte NUMBER = 1;
  private static final byte INSTANT = 2;
  private static final byte TEXT = 3;

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

  /**
   * The fingerprint of {@code table}'s rows: per column its name and type, then every cell as a
   * tag byte (0 missing, 1 number, 2 instant, 3 anything else as text) and its bits or its
   * length and UTF-8 bytes.
   */
  public static Fingerprint of(Table table) {
    Sha256 h = Sha256.hasher();
    h.putInt(table.rowCount());
    for (Column column : table.columns()) {
      Column c = Column.plain(column);   // an indicator column hashes as the doubles it reads as
      h.putString(c.name()).putInt(c.type().ordinal());
      // Each column kind in one loop of the hasher's (the same bytes as a value at a time).
      if (c instanceof Column.Numeric numeric) {
        h.putTaggedDoubles(numeric.values(), MISSING, NUMBER);
      } else if (c instanceof Column.Timestamp time) {
        h.putTaggedLongs(time.millis(), Column.MISSING_TIME, MISSING, INSTANT);
      } else if (c instanceof Column.Categorical categorical) {
        byte[][] cells = categorical.dictionary().stream().map(Fingerprint::textCell).toArray(byte[][]::new);
        h.putCells(categorical.codes(), cells, MISSING);
      } else {
        for (int r = 0; r < c.size(); r++) {
          Object v = c.value(r);
          if (v == null) {
            h.putByte(MISSING);
          } else {
            h.putBytes(textCell(v.toString()));
          }
        }
      }
    }
    return new Fingerprint(table.rowCount(), h.hex());
  }

  /** A text cell as hashed: the tag, the string's length in chars (little-endian) and its UTF-8 bytes. */
  private static byte[] textCell(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    byte[] cell = new byte[1 + Integer.BYTES + utf8.length];
    cell[0] = TEXT;
    ByteBuffer.wrap(cell, 1, Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(s.length());
    System.arraycopy(utf8, 0, cell, 1 + Integer.BYTES, utf8.length);
    return cell;
  }
}
