package org.mlengine.serving.history;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the Redis history's keys: a stream's short hash, and a key value's bytes that never
 * make two values one (the UTF-8 bytes, or the byte 0xFF, which UTF-8 never uses, and the hex of
 * the UTF-16 chars for a string with an unpaired surrogate, which UTF-8 cannot carry).
 *
 * <pre>{@code
 * String stream = Hashes.hex16(s.descriptor());   // "3f9a0c..."
 * byte[] key = Hashes.keyBytes("c-17");           // "c-17" (after the prefix's k)
 * }</pre>
 */
final class Hashes {
  private Hashes() {}

  static String hex16(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** The key's bytes after the {@code k} of its set's name (a UTF-8 key), or a marker and hex when UTF-8 cannot carry it. */
  static byte[] keyBytes(String key) {
    try {
      ByteBuffer b = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(key));
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (CharacterCodingException e) {
      // 0xFF never occurs in UTF-8, so no UTF-8 key starts like this
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < key.length(); i++) {
        hex.append(String.format("%04x", (int) key.charAt(i)));
      }
      byte[] digits = hex.toString().getBytes(StandardCharsets.US_ASCII);
      byte[] out = new byte[digits.length + 1];
      out[0] = (byte) 0xFF;
      System.arraycopy(digits, 0, out, 1, digits.length);
      return out;
    }
  }
}
