package org.mlengine.runtime.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The growable stores that {@link CsvColumn} reads a column into while the file streams past.
 * Primitive values are kept in fixed-size chunks, so growing never copies and never leaves half
 * an array unused; the exact-size array is built once, at the end, releasing the chunks as it
 * goes.
 *
 * <pre>{@code
 * CsvStore.Doubles d = new CsvStore.Doubles();
 * d.add(1.5);
 * double[] values = d.toArray();   // {1.5}
 * }</pre>
 */
final class CsvStore {
  private static final int CHUNK = 1 << 14;

  private CsvStore() {}

  /**
   * Values of one primitive type in chunks of {@link #CHUNK}; {@code A} is the chunk's array type
   * ({@code double[]}, {@code long[]}, {@code int[]}). Subclasses add one typed value with
   * {@link #room()} then {@code last[used++] = v}; everything else is shared.
   */
  private abstract static class Chunks<A> {
    private final List<A> full = new ArrayList<>();
    A last = newChunk();
    int used;

    abstract A newChunk();

    /** Makes room in {@code last} for one more value, moving a full chunk to the list. */
    final void room() {
      if (used == CHUNK) {
        full.add(last);
        last = newChunk();
        used = 0;
      }
    }

    final int size() {
      return full.size() * CHUNK + used;
    }

    /** Hands each chunk of this store and the values it holds to {@code sink}, in order; spends the store. */
    final void drain(java.util.function.ObjIntConsumer<A> sink) {
      for (int i = 0; i < full.size(); i++) {
        sink.accept(full.get(i), CHUNK);
        full.set(i, null);
      }
      sink.accept(last, used);
      last = null;
    }

    /** Adds every value of {@code other}, which is spent afterwards. */
    final void append(Chunks<A> other) {
      other.drain((chunk, n) -> {
        for (int from = 0; from < n; ) {
          room();
          int k = Math.min(n - from, CHUNK - used);
          System.arraycopy(chunk, from, last, used, k);
          used += k;
          from += k;
        }
      });
    }

    /** The values in one exact-size array {@code out} of {@link #size()}; spends the store. */
    final A copyInto(A out) {
      int[] at = {0};
      drain((chunk, n) -> {
        System.arraycopy(chunk, 0, out, at[0], n);
        at[0] += n;
      });
      return out;
    }
  }

  /** Doubles in chunks. */
  static final class Doubles extends Chunks<double[]> {
    @Override
    double[] newChunk() {
      return new double[CHUNK];
    }

    void add(double v) {
      room();
      last[used++] = v;
    }

    double[] toArray() {
      return copyInto(new double[size()]);
    }
  }

  /** Longs in chunks. */
  static final class Longs extends Chunks<long[]> {
    @Override
    long[] newChunk() {
      return new long[CHUNK];
    }

    void add(long v) {
      room();
      last[used++] = v;
    }

    long[] toArray() {
      return copyInto(new long[size()]);
    }
  }

  /** Ints in chunks. */
  static final class Ints extends Chunks<int[]> {
    @Override
    int[] newChunk() {
      return new int[CHUNK];
    }

    void add(int v) {
      room();
      last[used++] = v;
    }

    /** Adds {@code map[c]} for each code {@code c} of {@code other} (-1 stays -1); spends it. */
    void appendMapped(Ints other, int[] map) {
      other.drain((chunk, n) -> {
        for (int j = 0; j < n; j++) {
          add(chunk[j] < 0 ? -1 : map[chunk[j]]);
        }
      });
    }

    int[] toArray() {
      return copyInto(new int[size()]);
    }
  }

  /**
   * The values of a column as written, kept compactly in case the column turns out to be
   * CATEGORICAL or TEXT after rows that looked like numbers or timestamps: an ASCII value costs
   * one byte a character plus one, a missing value one byte; a value with other characters is
   * kept as a String (numbers and timestamps never have such characters).
   */
  static final class Texts {
    private static final byte END = (byte) 0xFF;
    private static final byte MISSING = (byte) 0xFE;
    private static final byte OTHER = (byte) 0xFD;
    private static final int BYTE_CHUNK = 1 << 16;

    private final List<byte[]> chunks = new ArrayList<>();
    private final List<String> others = new ArrayList<>();
    private byte[] last = new byte[BYTE_CHUNK];
    private int used;

    void add(String v) {
      if (v == null) {
        put(MISSING);
        return;
      }
      char[] chars = v.toCharArray();
      add(chars, 0, chars.length);
    }

    void addMissing() {
      put(MISSING);
    }

    /** Adds the value {@code b[s..e)}. */
    void add(char[] b, int s, int e) {
      for (int i = s; i < e; i++) {
        if (b[i] >= 0x80) {
          others.add(new String(b, s, e - s));
          put(OTHER);
          return;
        }
      }
      if (BYTE_CHUNK - used > e - s) {
        byte[] to = last;
        int u = used;
        for (int i = s; i < e; i++) {
          to[u++] = (byte) b[i];
        }
        to[u++] = END;
        used = u;
        return;
      }
      for (int i = s; i < e; i++) {
        put((byte) b[i]);
      }
      put(END);
    }

    private void put(byte b) {
      if (used == BYTE_CHUNK) {
        chunks.add(last);
        last = new byte[BYTE_CHUNK];
        used = 0;
      }
      last[used++] = b;
    }

    /** Hands every value, in order, to {@code sink}; this store is empty afterwards. */
    void drain(java.util.function.Consumer<String> sink) {
      chunks.add(last);
      last = null;
      byte[] value = new byte[64];
      int length = 0;
      int other = 0;
      for (int c = 0; c < chunks.size(); c++) {
        byte[] chunk = chunks.get(c);
        chunks.set(c, null);
        int end = c == chunks.size() - 1 ? used : BYTE_CHUNK;
        for (int i = 0; i < end; i++) {
          byte b = chunk[i];
          if (b == MISSING) {
            sink.accept(null);
          } else if (b == OTHER) {
            sink.accept(others.get(other));
            others.set(other++, null);
          } else if (b == END) {
            sink.accept(new String(value, 0, length, StandardCharsets.ISO_8859_1));
            length = 0;
          } else {
            if (length == value.length) {
              value = Arrays.copyOf(value, length * 2);
            }
            value[length++] = b;
          }
        }
      }
      chunks.clear();
    }
  }

  /**
   * Distinct strings numbered in order of first appearance, in an open-addressing table (no
   * entry objects, no boxed codes), with whether each contains whitespace.
   */
  static final class Dictionary {
    private String[] values = new String[16];
    private boolean[] spaced = new boolean[16];
    private int size;
    /** Code + 1 of the value in each slot; 0 for an empty slot. */
    private int[] slots = new int[32];

    /** The code of {@code v}, numbering it if new. */
    int code(String v) {
      char[] chars = v.toCharArray();
      return code(chars, 0, chars.length);
    }

    /** The code of the value {@code b[s..e)}, numbering it if new; a String only for a new value. */
    int code(char[] b, int s, int e) {
      int h = 0;
      for (int i = s; i < e; i++) {
        h = 31 * h + b[i];
      }
      int mask = slots.length - 1;
      for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
        int slot = slots[i];
        if (slot == 0) {
          return insert(new String(b, s, e - s), i);
        }
        if (matches(values[slot - 1], b, s, e)) {
          return slot - 1;
        }
      }
    }

    private static boolean matches(String v, char[] b, int s, int e) {
      int n = e - s;
      if (v.length() != n) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        if (v.charAt(i) != b[s + i]) {
          return false;
        }
      }
      return true;
    }

    private int insert(String v, int at) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
        spaced = Arrays.copyOf(spaced, size * 2);
      }
      values[size] = v;
      spaced[size] = containsWhitespace(v);
      slots[at] = ++size;
      if (size * 2 > slots.length) {
        rehash();
      }
      return size - 1;
    }

    private void rehash() {
      slots = new int[slots.length * 2];
      int mask = slots.length - 1;
      for (int code = 0; code < size; code++) {
        int i = spread(values[code].hashCode()) & mask;
        while (slots[i] != 0) {
          i = (i + 1) & mask;
        }
        slots[i] = code + 1;
      }
    }

    private static int spread(int h) {
      return (h ^ (h >>> 16)) * 0x9E3779B9;
    }

    private static boolean containsWhitespace(String s) {
      for (int i = 0; i < s.length(); i++) {
        if (Character.isWhitespace(s.charAt(i))) {
          return true;
        }
      }
      return false;
    }

    int size() {
      return size;
    }

    String value(int code) {
      return values[code];
    }

    boolean spaced(int code) {
      return spaced[code];
    }

    List<String> toList() {
      return List.of(Arrays.copyOf(values, size));
    }
  }
}
