package org.mlengine.server;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;

/**
 * The strings a column is known to hold (a categorical column's training categories), found by
 * their UTF-8 bytes straight in a request body: a known category is read without decoding it or
 * making a String (every row gets the one instance here, whose hash is already known when the
 * table dictionary-encodes it). A string with an escape, or one not known, is left to the JSON
 * parser. Immutable and thread-safe.
 */
final class KnownStrings {
  private final byte[][] keys;
  private final String[] values;
  private final int mask;

  private KnownStrings(Collection<String> strings) {
    int capacity = Integer.highestOneBit(Math.max(4, strings.size() * 4) - 1) << 1;
    keys = new byte[capacity][];
    values = new String[capacity];
    mask = capacity - 1;
    for (String s : new LinkedHashSet<>(strings)) {
      byte[] key = s.getBytes(StandardCharsets.UTF_8);
      int slot = hash(key, 0, key.length) & mask;
      while (keys[slot] != null) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      values[slot] = s;
    }
  }

  /** The known strings {@code strings}; null when there are none (nothing to look up). */
  static KnownStrings of(Collection<String> strings) {
    return strings.isEmpty() ? null : new KnownStrings(strings);
  }

  /**
   * The known string whose UTF-8 bytes start at {@code start} of {@code body} and end at the next
   * quote; null when the string has an escape (a backslash before the closing quote), or is not
   * known, or runs to the end of the body (the parser then reads it, and says what is wrong).
   */
  String find(byte[] body, int start) {
    int end = start;
    int h = 0;
    while (end < body.length) {
      byte b = body[end];
      if (b == '"') {
        break;
      }
      if (b == '\\') {
        return null;
      }
      h = 31 * h + b;
      end++;
    }
    if (end == body.length) {
      return null;
    }
    for (int slot = mix(h) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
      byte[] key = keys[slot];
      if (key.length == end - start && same(key, body, start)) {
        return values[slot];
      }
    }
    return null;
  }

  /**
   * The known string whose UTF-8 bytes are {@code body[start, end)}, given their {@code hash}
   * ({@code h = 31 * h + b} over the bytes, from 0); null when it is not known.
   */
  String find(byte[] body, int start, int end, int hash) {
    for (int slot = mix(hash) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
      byte[] key = keys[slot];
      if (key.length == end - start && same(key, body, start)) {
        return values[slot];
      }
    }
    return null;
  }

  /** Whether {@code body} holds {@code key} at {@code start}: a plain loop, as categories are a few bytes long. */
  private static boolean same(byte[] key, byte[] body, int start) {
    for (int i = 0; i < key.length; i++) {
      if (key[i] != body[start + i]) {
        return false;
      }
    }
    return true;
  }

  private static int hash(byte[] bytes, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + bytes[i];
    }
    return mix(h);
  }

  private static int mix(int h) {
    return h ^ (h >>> 16) ^ (h >>> 7);
  }
}
