package org.mlengine.server;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads a plain V2 input object straight from the body's bytes, as the JSON parser would read it
 * but without tokens, a String per number or a location per string: the keys {@code name},
 * {@code datatype}, {@code shape} and {@code data}, each once, names and datatypes plain ASCII,
 * the data a flat array of null, short numbers and strings without escapes (a known category is
 * the schema's own instance, another string must be printable ASCII). Anything else, valid or
 * not, is not plain: {@link #read} answers null and the JSON parser reads the input (and names
 * what is wrong). A number is plain when its value is found exactly as the parser finds it: a
 * whole number of at most 15 digits, or at most 15 significant digits scaled by at most 10^22
 * (one correctly rounded multiplication or division of two exact doubles), never minus zero.
 *
 * <pre>{@code
 * V2Codec.Input input = PlainInput.read(body, start, end, knownCategories);   // null: not plain
 * }</pre>
 */
final class PlainInput {
  private static final double[] POWERS = new double[23];

  static {
    POWERS[0] = 1;
    for (int i = 1; i < POWERS.length; i++) {
      POWERS[i] = POWERS[i - 1] * 10;   // exact up to 10^22
    }
  }

  private final byte[] b;
  private final int end;
  private int at;

  private PlainInput(byte[] body, int start, int end) {
    this.b = body;
    this.at = start;
    this.end = end;
  }

  /** The input object in {@code body[start, end)}, or null when it is not plain. */
  static V2Codec.Input read(byte[] body, int start, int end, Map<String, KnownStrings> known) {
    return new PlainInput(body, start, end).object(known, body.length);
  }

  private V2Codec.Input object(Map<String, KnownStrings> known, int bodyLength) {
    if (!take('{')) {
      return null;
    }
    V2Codec.Input input = new V2Codec.Input();
    boolean first = true;
    while (true) {
      space();
      if (first && peek() == '}') {
        at++;
        break;
      }
      String key = plainString();
      space();
      if (key == null || !take(':')) {
        return null;
      }
      space();
      boolean ok = switch (key) {
        case "name" -> input.name == null && (input.name = plainString()) != null;
        case "datatype" -> input.datatype == null && (input.datatype = plainString()) != null;
        case "shape" -> input.shape == null && (input.shape = shape()) != null;
        case "data" -> input.data == null && (input.data = data(input, known, bodyLength)) != null;
        default -> false;
      };
      if (!ok) {
        return null;
      }
      space();
      if (take('}')) {
        break;
      }
      if (!take(',')) {
        return null;
      }
      first = false;
    }
    space();
    return at == end ? input : null;
  }

  private int[] shape() {
    if (!take('[')) {
      return null;
    }
    int[] shape = new int[0];
    space();
    if (take(']')) {
      return shape;
    }
    while (true) {
      space();
      int from = at;
      long size = 0;
      while (at < end && b[at] >= '0' && b[at] <= '9' && at - from < 9) {
        size = size * 10 + (b[at++] - '0');
      }
      if (at == from || (b[from] == '0' && at - from > 1) || (at < end && b[at] >= '0' && b[at] <= '9')) {
        return null;
      }
      shape = Arrays.copyOf(shape, shape.length + 1);
      shape[shape.length - 1] = (int) size;
      space();
      if (take(']')) {
        return shape;
      }
      if (!take(',')) {
        return null;
      }
    }
  }

  private V2Codec.Values data(V2Codec.Input input, Map<String, KnownStrings> known, int bodyLength) {
    if (!take('[')) {
      return null;
    }
    // Sized as the parser sizes it: by the shape when it came first, within what the body could hold.
    int expected = input.shape == null || input.shape.length == 0 ? 0 : Math.min(input.shape[0], bodyLength / 2 + 1);
    V2Codec.Values values = new V2Codec.Values(expected);
    KnownStrings categories = input.name == null ? null : known.get(input.name);
    space();
    if (take(']')) {
      return values;
    }
    while (true) {
      space();
      if (at >= end) {
        return null;
      }
      byte c = b[at];
      if (c == '"') {
        if (!string(values, categories)) {
          return null;
        }
      } else if (c == 'n') {
        if (at + 4 > end || b[at + 1] != 'u' || b[at + 2] != 'l' || b[at + 3] != 'l') {
          return null;
        }
        at += 4;
        values.add(Double.NaN, null);
      } else if (!number(values)) {
        return null;
      }
      space();
      if (take(']')) {
        return values;
      }
      if (!take(',')) {
        return null;
      }
    }
  }

  /** A string at {@code at} added to {@code values}: a known category, or printable ASCII; false when it is neither. */
  private boolean string(V2Codec.Values values, KnownStrings categories) {
    int from = at + 1;
    int close = from;
    boolean ascii = true;
    int hash = 0;
    while (close < end && b[close] != '"') {
      byte x = b[close++];
      if (x == '\\' || (x >= 0 && x < 0x20)) {
        return false;   // an escape, or a control character the parser refuses
      }
      ascii &= x > 0 && x < 0x7f;
      hash = 31 * hash + x;
    }
    if (close >= end) {
      return false;
    }
    String text = categories == null ? null : categories.find(b, from, close, hash);
    if (text == null) {
      if (!ascii) {
        return false;   // UTF-8 the parser decodes (and checks)
      }
      text = new String(b, from, close - from, StandardCharsets.ISO_8859_1);
    }
    at = close + 1;
    values.hasText = true;
    values.add(Double.NaN, text);
    return true;
  }

  /** A plain number at {@code at} added to {@code values}; false when it is not plain. */
  private boolean number(V2Codec.Values values) {
    boolean negative = take('-');
    int from = at;
    long digits = 0;
    int count = 0;
    while (at < end && b[at] >= '0' && b[at] <= '9') {
      digits = digits * 10 + (b[at++] - '0');
      if (++count > 15) {
        return false;
      }
    }
    if (count == 0 || (b[from] == '0' && count > 1)) {
      return false;
    }
    int scale = 0;
    boolean fraction = at < end && (b[at] == '.' || b[at] == 'e' || b[at] == 'E');
    if (at < end && b[at] == '.') {
      at++;
      int start = at;
      while (at < end && b[at] >= '0' && b[at] <= '9') {
        digits = digits * 10 + (b[at++] - '0');
        if (++count > 15) {
          return false;
        }
      }
      if (at == start) {
        return false;
      }
      scale = -(at - start);
    }
    if (at < end && (b[at] == 'e' || b[at] == 'E')) {
      int exponent = exponent();
      if (exponent == Integer.MIN_VALUE) {
        return false;
      }
      scale += exponent;
    }
    if (at < end && b[at] != ',' && b[at] != ']' && !isSpace(b[at])) {
      return false;   // "12a", "1.5.2", a nested array: the parser's to read
    }
    if (scale < -22 || scale > 22 || (negative && digits == 0)) {
      return false;
    }
    double x = scale >= 0 ? digits * POWERS[scale] : digits / POWERS[-scale];
    x = negative ? -x : x;
    values.hasNumbers = true;
    if (fraction) {
      values.hasFractions |= x != Math.rint(x);
    }
    values.add(x, null);   // at most 15 digits: within 2^53, where a double keeps a whole number's digits
    return true;
  }

  /** The exponent after the 'e' at {@code at}, of at most three digits; Integer.MIN_VALUE when there is none such. */
  private int exponent() {
    at++;
    boolean down = take('-');
    if (!down) {
      take('+');
    }
    int start = at;
    int exponent = 0;
    while (at < end && b[at] >= '0' && b[at] <= '9' && at - start < 3) {
      exponent = exponent * 10 + (b[at++] - '0');
    }
    if (at == start || (at < end && b[at] >= '0' && b[at] <= '9')) {
      return Integer.MIN_VALUE;
    }
    return down ? -exponent : exponent;
  }

  /** A string of printable ASCII without escapes at {@code at}; null when there is none. */
  private String plainString() {
    if (!take('"')) {
      return null;
    }
    int from = at;
    while (at < end) {
      byte c = b[at];
      if (c == '"') {
        at++;
        return new String(b, from, at - 1 - from, StandardCharsets.ISO_8859_1);
      }
      if (c == '\\' || c < 0x20 || c > 0x7e) {
        return null;
      }
      at++;
    }
    return null;
  }

  private boolean take(char c) {
    if (at < end && b[at] == c) {
      at++;
      return true;
    }
    return false;
  }

  private byte peek() {
    return at < end ? b[at] : 0;
  }

  private void space() {
    while (at < end && isSpace(b[at])) {
      at++;
    }
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }
}
