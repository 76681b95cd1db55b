package org.mlengine.runtime.internal;

import java.time.ZoneId;
import org.mlengine.runtime.ColumnType;

/**
 * One column of a CSV file, read value by value as the records stream past, already in the form
 * the finished {@link Column} keeps: numbers straight into doubles, timestamps into epoch
 * milliseconds, anything else dictionary-encoded. The type is inferred on the way with the
 * rules {@link CsvReader} documents: a column starts as NUMERIC, becomes TIMESTAMP if its first
 * non-missing value is not a number but a timestamp, and becomes CATEGORICAL (TEXT is decided at
 * the end) at the first value that breaks its type. To make that switch without having kept
 * every field as a String, a column whose type is still a guess also keeps its values as written
 * in a compact byte store ({@link CsvStore.Texts}) when the text comes from a Reader. A column of
 * a file keeps nothing: at that switch it is {@linkplain #broken() broken}, drops what it read and
 * ignores the rest of its values, and the file is read again (once, for every broken column) with
 * it started as categories. Columns read from chunks of one file are joined with {@link
 * #append}.
 *
 * <pre>{@code
 * CsvColumn c = new CsvColumn("Income", null, ZoneOffset.UTC);
 * c.add("120");                        // null when the field is a missing marker
 * Column done = c.toColumn();          // NUMERIC {120.0}
 * }</pre>
 */
final class CsvColumn {

  /** What the column is being read as. */
  private enum Mode {
    NUMBERS,
    TIMES,
    STRINGS,
    /** A guessed type broke and the values as written were not kept: values are ignored. */
    BROKEN
  }

  /** A value that does not parse as the column's declared type. */
  static final class BadValue extends Exception {
    private static final long serialVersionUID = 1L;

    BadValue() {
      super(null, null, false, false);
    }
  }

  private final String name;
  private final ColumnType declared;
  private final ZoneId zone;
  private Mode mode;
  private CsvStore.Doubles numbers;
  private CsvStore.Longs millis;
  private CsvStore.Texts texts;
  private CsvStore.Dictionary dictionary;
  private CsvStore.Ints codes;
  /** Whether a non-missing value has been read. */
  private boolean anyPresent;
  private int present;
  private int spaced;

  /** A column that keeps its values as written while its type is a guess (for a Reader). */
  CsvColumn(String name, ColumnType declared, ZoneId zone) {
    this(name, declared, zone, true, false);
  }

  /**
   * A column; without {@code keepTexts} a guessed type that breaks after a value leaves the
   * column {@linkplain #broken() broken} (for a file, which can be read again); {@code asStrings}
   * starts an undeclared column as categories, its type (CATEGORICAL or TEXT) still decided at
   * the end.
   */
  CsvColumn(String name, ColumnType declared, ZoneId zone, boolean keepTexts, boolean asStrings) {
    this.name = name;
    this.declared = declared;
    this.zone = zone;
    if (declared == null && asStrings) {
      toStrings();
    } else if (declared == null || declared == ColumnType.NUMERIC) {
      mode = Mode.NUMBERS;
      numbers = new CsvStore.Doubles();
      texts = declared == null && keepTexts ? new CsvStore.Texts() : null;
    } else if (declared == ColumnType.TIMESTAMP) {
      mode = Mode.TIMES;
      millis = new CsvStore.Longs();
    } else {
      toStrings();
    }
  }

  String name() {
    return name;
  }

  /**
   * Whether the column's guessed NUMERIC or TIMESTAMP type broke after values it did not keep as
   * written: its values since are ignored, and the file must be read again with the column in
   * {@code asStrings}. Never true for a column that keeps texts, is declared, or started as
   * strings.
   */
  boolean broken() {
    return mode == Mode.BROKEN;
  }

  /**
   * Adds the next value, {@code null} when missing.
   *
   * @throws BadValue when the value does not parse as the declared NUMERIC or TIMESTAMP type
   */
  void add(String v) throws BadValue {
    if (v == null) {
      addMissing();
    } else {
      char[] chars = v.toCharArray();
      add(chars, 0, chars.length);
    }
  }

  /** Adds a missing value. */
  void addMissing() {
    if (mode == Mode.BROKEN) {
      return;
    }
    if (mode == Mode.NUMBERS) {
      numbers.add(Double.NaN);
    } else if (mode == Mode.TIMES) {
      millis.add(Column.MISSING_TIME);
    } else {
      codes.add(-1);
      return;
    }
    if (texts != null) {
      texts.addMissing();
    }
  }

  /**
   * Adds the non-missing value {@code b[s..e)}; no String is made for a number or for a
   * category already seen.
   *
   * @throws BadValue when the value does not parse as the declared NUMERIC or TIMESTAMP type
   */
  void add(char[] b, int s, int e) throws BadValue {
    if (mode == Mode.NUMBERS) {
      addNumber(b, s, e);
    } else if (mode == Mode.TIMES) {
      addTime(new String(b, s, e - s));
    } else if (mode == Mode.STRINGS) {
      addString(b, s, e);
    }
  }

  private void addNumber(char[] b, int s, int e) throws BadValue {
    double v = CsvNumbers.parse(b, s, e);
    if (Double.isNaN(v) && !CsvNumbers.isNaN(b, s, e)) {
      if (declared == ColumnType.NUMERIC) {
        throw new BadValue();
      }
      notANumber(new String(b, s, e - s));
      return;
    }
    numbers.add(v);
    anyPresent = true;
    if (texts != null) {
      texts.add(b, s, e);
    }
  }

  /** The first value of a guessed NUMERIC column that is not a number. */
  private void notANumber(String v) throws BadValue {
    if (!anyPresent) {
      // Only missing values so far: they read as missing timestamps too.
      int rows = numbers.size();
      numbers = null;
      mode = Mode.TIMES;
      millis = new CsvStore.Longs();
      for (int r = 0; r < rows; r++) {
        millis.add(Column.MISSING_TIME);
      }
      addTime(v);
    } else {
      toStringsWith(v);
    }
  }

  private void addTime(String v) throws BadValue {
    Long m = CsvReader.parseTimestamp(v, zone);
    if (m == null) {
      if (declared == ColumnType.TIMESTAMP) {
        throw new BadValue();
      }
      toStringsWith(v);
      return;
    }
    millis.add(m);
    anyPresent = true;
    if (texts != null) {
      texts.add(v);
    }
  }

  /** Switches to dictionary codes at the value {@code v}, or breaks when that needs values not kept. */
  private void toStringsWith(String v) {
    toStrings();
    if (mode == Mode.STRINGS) {
      addString(v);
    }
  }

  /**
   * Switches to dictionary codes, re-reading the values kept as written; breaks the column instead
   * when values were read as numbers or timestamps and not kept.
   */
  private void toStrings() {
    if (texts == null && anyPresent && declared == null) {
      toBroken();
      return;
    }
    int missing = mode == Mode.NUMBERS ? numbers.size() : mode == Mode.TIMES ? millis.size() : 0;
    mode = Mode.STRINGS;
    numbers = null;
    millis = null;
    dictionary = new CsvStore.Dictionary();
    codes = new CsvStore.Ints();
    if (texts != null) {
      texts.drain(this::addString);
      texts = null;
    } else {
      for (int r = 0; r < missing; r++) {
        codes.add(-1);
      }
    }
  }

  private void toBroken() {
    mode = Mode.BROKEN;
    numbers = null;
    millis = null;
    texts = null;
    dictionary = null;
    codes = null;
  }

  /** The rows read so far. */
  private int size() {
    return mode == Mode.NUMBERS ? numbers.size() : mode == Mode.TIMES ? millis.size() : codes.size();
  }

  /**
   * Appends what {@code next} read from the records right after this column's, as if this column
   * had read them itself: the same type, the same values, categories numbered in order of first
   * appearance; {@linkplain #broken() broken} when either is, or when the two guessed different
   * types and the values read as numbers or timestamps would be needed as written. {@code next}
   * is spent afterwards.
   */
  void append(CsvColumn next) {
    if (mode == Mode.BROKEN || next.mode == Mode.BROKEN) {
      toBroken();
      return;
    }
    if (!next.anyPresent && next.mode != Mode.STRINGS) {
      for (int r = next.size(); r > 0; r--) {
        addMissing();
      }
      return;
    }
    if (!anyPresent && mode != Mode.STRINGS) {
      int missing = size();
      mode = next.mode;
      numbers = next.mode == Mode.NUMBERS ? new CsvStore.Doubles() : null;
      millis = next.mode == Mode.TIMES ? new CsvStore.Longs() : null;
      if (next.mode == Mode.STRINGS) {
        dictionary = new CsvStore.Dictionary();
        codes = new CsvStore.Ints();
      }
      for (int r = 0; r < missing; r++) {
        addMissing();
      }
    }
    if (mode != next.mode) {
      toBroken();
      return;
    }
    anyPresent = true;
    if (mode == Mode.NUMBERS) {
      numbers.append(next.numbers);
    } else if (mode == Mode.TIMES) {
      millis.append(next.millis);
    } else {
      int[] map = new int[next.dictionary.size()];
      for (int k = 0; k < map.length; k++) {
        map[k] = dictionary.code(next.dictionary.value(k));
      }
      codes.appendMapped(next.codes, map);
      present += next.present;
      spaced += next.spaced;
    }
  }

  private void addString(String v) {
    if (v == null) {
      codes.add(-1);
      return;
    }
    char[] chars = v.toCharArray();
    addString(chars, 0, chars.length);
  }

  private void addString(char[] b, int s, int e) {
    int code = dictionary.code(b, s, e);
    codes.add(code);
    present++;
    if (dictionary.spaced(code)) {
      spaced++;
    }
  }

  /** The finished column; this reader is spent afterwards. */
  Column toColumn() {
    if (mode == Mode.BROKEN) {
      throw new IllegalStateException(
          "column '" + name + "' broke its guessed type and kept no values; the file must be read again"
              + " with the column in asStrings. This is a bug in mlengine's CSV reader: please report it.");
    }
    if (mode == Mode.NUMBERS) {
      return new Column.Numeric(name, numbers.toArray());
    }
    if (mode == Mode.TIMES) {
      return new Column.Timestamp(name, millis.toArray());
    }
    int[] c = codes.toArray();
    codes = null;
    boolean text =
        declared == ColumnType.TEXT
            || (declared == null && spaced * 2 > present && dictionary.size() * 2 > present);
    if (!text) {
      return new Column.Categorical(name, c, dictionary.toList());
    }
    String[] values = new String[c.length];
    for (int r = 0; r < c.length; r++) {
      values[r] = c[r] < 0 ? null : dictionary.value(c[r]);
    }
    return new Column.Text(name, values);
  }
}
