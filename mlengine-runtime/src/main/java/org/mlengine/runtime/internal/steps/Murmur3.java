package org.mlengine.runtime.internal.steps;

import java.nio.charset.StandardCharsets;

/**
 * The 32-bit murmur3 hash (x86 variant, seed 0) of a string's UTF-8 bytes, as scikit-learn's
 * {@code murmurhash3_32} and Guava's {@code Hashing.murmur3_32_fixed().hashString(s, UTF_8)}:
 * the hashing step's bucket indices depend on every bit of it. An unpaired surrogate encodes as
 * {@code '?'}, as {@link String#getBytes} does.
 */
final class Murmur3 {
  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private Murmur3() {}

  /** The hash of {@code s}'s UTF-8 bytes. */
  static int hash(String s) {
    return hash(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The hash of {@code bytes}. */
  static int hash(byte[] bytes) {
    int h = 0;
    int n = bytes.length;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      int k = (bytes[i] & 0xff) | (bytes[i + 1] & 0xff) << 8 | (bytes[i + 2] & 0xff) << 16 | (bytes[i + 3] & 0xff) << 24;
      h ^= mix(k);
      h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
    }
    int k = 0;
    for (int shift = 0; i < n; i++, shift += 8) {
      k ^= (bytes[i] & 0xff) << shift;
    }
    h ^= mix(k);
    h ^= n;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  private static int mix(int k) {
    return Integer.rotateLeft(k * C1, 15) * C2;
  }
}
