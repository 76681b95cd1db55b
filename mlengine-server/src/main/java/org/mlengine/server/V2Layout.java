package org.mlengine.server;

import java.util.Arrays;

/**
 * Where an infer request's parts lie in its body, found without parsing them: each top-level
 * value, and each element of {@code "inputs"}, as a range of bytes, so that the inputs can be
 * parsed on several threads at once. A quick scan for the common shape only: it checks the
 * separators between the parts it cuts (a comma or bracket out of place, anything after the
 * object) and leaves every part itself to the JSON parser. Anything unusual (a key with an escape
 * or a non-ASCII byte, a key twice, {@code "inputs"} not an array of objects, a string that does
 * not end) makes it give up ({@link #scan} answers null), and the body is read in order as before.
 *
 * <pre>{@code
 * V2Layout layout = V2Layout.scan(body);   // null: read the body in order
 * for (int i = 0; i < layout.inputs(); i++) { parse(body, layout.inputStart(i), layout.inputEnd(i)); }
 * }</pre>
 */
final class V2Layout {
  /** The top-level keys (other than "inputs") and their values' ranges: start, end, in pairs. */
  private String[] keys = new String[4];
  private int[] values = new int[8];
  private int keyCount;
  /** Each input object's range: start, end, in pairs. */
  private int[] inputs = new int[64];
  private int inputCount;
  private boolean sawInputs;

  private V2Layout() {}

  /** The parts of {@code body}, or null when it is not of the plain shape this scan cuts. */
  static V2Layout scan(byte[] body) {
    V2Layout layout = new V2Layout();
    return layout.object(body) ? layout : null;
  }

  /** How many elements {@code "inputs"} has. */
  int inputs() {
    return inputCount;
  }

  int inputStart(int i) {
    return inputs[2 * i];
  }

  int inputEnd(int i) {
    return inputs[2 * i + 1];
  }

  /** Whether the body has an {@code "inputs"} key. */
  boolean hasInputs() {
    return sawInputs;
  }

  /** How many top-level keys other than {@code "inputs"} the body has. */
  int others() {
    return keyCount;
  }

  String otherKey(int i) {
    return keys[i];
  }

  int otherStart(int i) {
    return values[2 * i];
  }

  int otherEnd(int i) {
    return values[2 * i + 1];
  }

  private boolean object(byte[] b) {
    int at = space(b, 0);
    if (at >= b.length || b[at] != '{') {
      return false;
    }
    at = space(b, at + 1);
    if (at < b.length && b[at] == '}') {
      return space(b, at + 1) == b.length;
    }
    while (true) {
      int keyEnd = key(b, at);
      if (keyEnd < 0) {
        return false;
      }
      String key = new String(b, at + 1, keyEnd - at - 2, java.nio.charset.StandardCharsets.US_ASCII);
      at = space(b, keyEnd);
      if (at >= b.length || b[at] != ':' || seen(key)) {
        return false;
      }
      at = space(b, at + 1);
      int end = key.equals("inputs") ? inputArray(b, at) : value(b, at);
      if (end < 0) {
        return false;
      }
      if (!key.equals("inputs")) {
        other(key, at, end);
      }
      at = space(b, end);
      if (at >= b.length) {
        return false;
      }
      if (b[at] == '}') {
        return space(b, at + 1) == b.length;
      }
      if (b[at] != ',') {
        return false;
      }
      at = space(b, at + 1);
    }
  }

  private boolean seen(String key) {
    if (key.equals("inputs")) {
      boolean twice = sawInputs;
      sawInputs = true;
      return twice;
    }
    for (int i = 0; i < keyCount; i++) {
      if (keys[i].equals(key)) {
        return true;
      }
    }
    return false;
  }

  private void other(String key, int start, int end) {
    if (keyCount == keys.length) {
      keys = Arrays.copyOf(keys, keyCount * 2);
      values = Arrays.copyOf(values, keyCount * 4);
    }
    keys[keyCount] = key;
    values[2 * keyCount] = start;
    values[2 * keyCount + 1] = end;
    keyCount++;
  }

  /** The end of the plain key (printable ASCII, no escape) that starts at {@code at}, past its closing quote; -1 if none. */
  private static int key(byte[] b, int at) {
    if (at >= b.length || b[at] != '"') {
      return -1;
    }
    for (int i = at + 1; i < b.length; i++) {
      byte c = b[i];
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\' || c < 0x20 || c > 0x7e) {   // bytes >= 0x80 are negative
        return -1;
      }
    }
    return -1;
  }

  /** The end of the array of objects at {@code at}, each object's range noted; -1 if it is not one. */
  private int inputArray(byte[] b, int at) {
    if (at >= b.length || b[at] != '[') {
      return -1;
    }
    at = space(b, at + 1);
    if (at < b.length && b[at] == ']') {
      return at + 1;
    }
    while (true) {
      if (at >= b.length || b[at] != '{') {
        return -1;
      }
      int end = nested(b, at);
      if (end < 0) {
        return -1;
      }
      if (2 * inputCount + 2 > inputs.length) {
        inputs = Arrays.copyOf(inputs, inputs.length * 2);
      }
      inputs[2 * inputCount] = at;
      inputs[2 * inputCount + 1] = end;
      inputCount++;
      at = space(b, end);
      if (at >= b.length) {
        return -1;
      }
      if (b[at] == ']') {
        return at + 1;
      }
      if (b[at] != ',') {
        return -1;
      }
      at = space(b, at + 1);
    }
  }

  /** The end of the value at {@code at}: an object or array to its matching bracket, a string past its quote, else up to a separator. */
  private static int value(byte[] b, int at) {
    if (at >= b.length) {
      return -1;
    }
    byte c = b[at];
    if (c == '{' || c == '[') {
      return nested(b, at);
    }
    if (c == '"') {
      return string(b, at);
    }
    int i = at;
    while (i < b.length && b[i] != ',' && b[i] != '}' && b[i] != ']' && !isSpace(b[i])) {
      i++;
    }
    return i == at ? -1 : i;
  }

  /**
   * The end of the object or array at {@code at}, past its closing bracket, counting brackets
   * outside strings; -1 when it does not end. Whether the brackets pair up is the parser's to check.
   */
  private static int nested(byte[] b, int at) {
    int depth = 0;
    for (int i = at; i < b.length; i++) {
      byte c = b[i];
      if (!STRUCTURE[c & 0xff]) {
        continue;   // most bytes: digits, commas, letters
      }
      if (c == '"') {
        i = string(b, i) - 1;
        if (i < 0) {
          return -1;
        }
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) {
          return i + 1;
        }
      }
    }
    return -1;
  }

  /** The end of the string at {@code at}, past its closing quote; -1 when it does not end. */
  private static int string(byte[] b, int at) {
    for (int i = at + 1; i < b.length; i++) {
      byte c = b[i];
      if (!QUOTING[c & 0xff]) {
        continue;
      }
      if (c == '"') {
        return i + 1;
      }
      i++;   // a backslash: the next byte is escaped
    }
    return -1;
  }

  /** The bytes that open or close a string, an object or an array. */
  private static final boolean[] STRUCTURE = table("\"{}[]");
  /** The bytes that end a string or escape the next. */
  private static final boolean[] QUOTING = table("\"\\");

  private static boolean[] table(String bytes) {
    boolean[] table = new boolean[256];
    for (char c : bytes.toCharArray()) {
      table[c] = true;
    }
    return table;
  }

  private static int space(byte[] b, int at) {
    while (at < b.length && isSpace(b[at])) {
      at++;
    }
    return at;
  }

  /** JSON's whitespace, which is all the parser takes between tokens. */
  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }
}
