package org.mlengine.runtime.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 as lowercase hex, and a hasher that feeds primitives the way Guava's {@code Hasher} did
 * (little-endian {@code int}, {@code long} and {@code double} bits, strings as their UTF-8 bytes),
 * so fingerprints and bundle ids keep their values without Guava.
 *
 * <pre>{@code
 * String id = Sha256.hex(bytes);
 * String fingerprint = Sha256.hasher().putInt(rows).putString(name).hex();
 * }</pre>
 */
public final class Sha256 {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final MessageDigest digest = newDigest();
  private final ByteBuffer scratch = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);

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
    digest.update(b);
    return this;
  }

  /** Feeds the four bytes of {@code i}, least significant first. */
  public Sha256 putInt(int i) {
    scratch.clear();
    digest.update(scratch.putInt(i).array(), 0, Integer.BYTES);
    return this;
  }

  /** Feeds the eight bytes of {@code l}, least significant first. */
  public Sha256 putLong(long l) {
    scratch.clear();
    digest.update(scratch.putLong(l).array(), 0, Long.BYTES);
    return this;
  }

  /** Feeds the raw bits of {@code d} as a long. */
  public Sha256 putDouble(double d) {
    return putLong(Double.doubleToRawLongBits(d));
  }

  /** Feeds the UTF-8 bytes of {@code s}. */
  public Sha256 putString(CharSequence s) {
    digest.update(s.toString().getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** The lowercase hex hash of everything fed; the hasher is spent afterwards. */
  public String hex() {
    return toHex(digest.digest());
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
