package org.mlengine.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 as lowercase hex, and a hasher that feeds primitives the way Guava's {@code Hasher} did
 * (little-endian {@code int}, {@code long} and {@code double} bits, strings as their UTF-8 bytes),
 * so fingerprints and bundle ids keep their values without Guava. Values are gathered in a buffer
 * and handed to the digest a block at a time: a training table's fingerprint feeds millions of
 * one- to nine-byte values, and {@code MessageDigest.update} per value cost more than the hash.
 *
 * <pre>{@code
 * String id = Sha256.hex(bytes);
 * String fingerprint = Sha256.hasher().putInt(rows).putString(name).hex();
 * }</pre>
 */
public final class Sha256 {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final MessageDigest digest = newDigest();
  private final byte[] buffer = new byte[8192];
  private int used;

  private Sha256() {}

  /** The lowercase hex SHA-256 of {@code bytes}. */
  public static String hex(byte[] bytes) {
    return toHex(newDigest().digest(bytes));
  }

  /** A fresh hasher to feed values into. */
  public static Sha256 hasher() {
    return new Sha256();
  }

  /** Feeds one byte. */
  public Sha256 putByte(byte b) {
    room(1);
    buffer[used++] = b;
    return this;
  }

  /** Feeds the four bytes of {@code i}, least significant first. */
  public Sha256 putInt(int i) {
    room(Integer.BYTES);
    INT_LE.set(buffer, used, i);
    used += Integer.BYTES;
    return this;
  }

  /** Feeds the eight bytes of {@code l}, least significant first. */
  public Sha256 putLong(long l) {
    room(Long.BYTES);
    LONG_LE.set(buffer, used, l);
    used += Long.BYTES;
    return this;
  }

  /** Feeds the raw bits of {@code d} as a long. */
  public Sha256 putDouble(double d) {
    return putLong(Double.doubleToRawLongBits(d));
  }

  /** Feeds the UTF-8 bytes of {@code s}. */
  public Sha256 putString(CharSequence s) {
    return putBytes(s.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Feeds {@code bytes} as they are. */
  public Sha256 putBytes(byte[] bytes) {
    if (bytes.length > buffer.length - used) {
      flush();
      if (bytes.length > buffer.length) {
        digest.update(bytes);
        return this;
      }
    }
    System.arraycopy(bytes, 0, buffer, used, bytes.length);
    used += bytes.length;
    return this;
  }

  /**
   * Feeds each value as the byte {@code missing} when it is NaN, else as the byte {@code present}
   * and the value's raw bits: the bytes {@link #putByte} and {@link #putDouble} per value would
   * feed, in one loop over the column (a fingerprint's numeric columns, #15).
   */
  public Sha256 putTaggedDoubles(double[] values, byte missing, byte present) {
    byte[] b = buffer;
    int u = used;
    for (double v : values) {
      if (u > b.length - 1 - Long.BYTES) {
        used = u;
        flush();
        u = 0;
      }
      if (Double.isNaN(v)) {
        b[u++] = missing;
      } else {
        b[u++] = present;
        LONG_LE.set(b, u, Double.doubleToRawLongBits(v));
        u += Long.BYTES;
      }
    }
    used = u;
    return this;
  }

  /**
   * Feeds each value as the byte {@code missing} when it equals {@code missingValue}, else as the
   * byte {@code present} and the value: what {@link #putByte} and {@link #putLong} per value would
   * feed (a fingerprint's timestamp columns).
   */
  public Sha256 putTaggedLongs(long[] values, long missingValue, byte missing, byte present) {
    byte[] b = buffer;
    int u = used;
    for (long v : values) {
      if (u > b.length - 1 - Long.BYTES) {
        used = u;
        flush();
        u = 0;
      }
      if (v == missingValue) {
        b[u++] = missing;
      } else {
        b[u++] = present;
        LONG_LE.set(b, u, v);
        u += Long.BYTES;
      }
    }
    used = u;
    return this;
  }

  /**
   * Feeds {@code cells[code]} for each code, or the byte {@code missing} for a negative code: what
   * {@link #putBytes} and {@link #putByte} per code would feed (a fingerprint's categorical
   * columns, each category's bytes made once).
   */
  public Sha256 putCells(int[] codes, byte[][] cells, byte missing) {
    for (int code : codes) {
      byte[] cell = code < 0 ? null : cells[code];
      int length = cell == null ? 1 : cell.length;
      if (length > buffer.length - used) {
        flush();
        if (length > buffer.length) {
          digest.update(cell);
          continue;
        }
      }
      if (cell == null) {
        buffer[used++] = missing;
      } else {
        System.arraycopy(cell, 0, buffer, used, length);
        used += length;
      }
    }
    return this;
  }

  /** The lowercase hex hash of everything fed; the hasher is spent afterwards. */
  public String hex() {
    flush();
    return toHex(digest.digest());
  }

  private void room(int bytes) {
    if (used + bytes > buffer.length) {
      flush();
    }
  }

  private void flush() {
    digest.update(buffer, 0, used);
    used = 0;
  }

  private static String toHex(byte[] hash) {
    char[] out = new char[hash.length * 2];
    for (int i = 0; i < hash.length; i++) {
      out[2 * i] = HEX[(hash[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[hash[i] & 0xf];
    }
    return new String(out);
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
    }
  }
}
