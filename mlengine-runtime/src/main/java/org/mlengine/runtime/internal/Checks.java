package org.mlengine.runtime.internal;

/**
 * Argument checks with Guava's message format, so the runtime needs no Guava: {@code %s}
 * placeholders are filled in order, arguments left over are appended as {@code " [a, b]"}, and
 * {@code null} prints as {@code "null"} (Guava's {@code Strings.lenientFormat}).
 *
 * <pre>{@code
 * checkArgument(k >= 1, "k is %s; it must be at least 1", k);
 * }</pre>
 */
public final class Checks {
  private Checks() {}

  /**
   * Throws an {@link IllegalArgumentException} with the formatted message unless {@code
   * condition} holds.
   */
  public static void checkArgument(boolean condition, String template, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(format(template, args));
    }
  }

  /**
   * As {@link #checkArgument(boolean, String, Object...)} for one {@code int}: no boxing and no
   * array when the check passes, as on the predictor's path (sparse vectors per row).
   */
  public static void checkArgument(boolean condition, String template, int arg) {
    if (!condition) {
      throw new IllegalArgumentException(format(template, arg));
    }
  }

  /** As {@link #checkArgument(boolean, String, int)} for two {@code int}s. */
  public static void checkArgument(boolean condition, String template, int arg1, int arg2) {
    if (!condition) {
      throw new IllegalArgumentException(format(template, arg1, arg2));
    }
  }

  /** As {@link #checkArgument(boolean, String, Object...)} for one {@code char}, which prints as the character. */
  public static void checkArgument(boolean condition, String template, char arg) {
    if (!condition) {
      throw new IllegalArgumentException(format(template, arg));
    }
  }

  /** Guava's {@code Strings.lenientFormat}: the template with each {@code %s} replaced in order. */
  public static String format(String template, Object... args) {
    String text = String.valueOf(template);
    Object[] values = args == null ? new Object[] {"(Object[])null"} : args;
    String[] shown = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      shown[i] = args == null ? (String) values[i] : show(values[i]);
    }
    StringBuilder out = new StringBuilder(text.length() + 16 * shown.length);
    int start = 0;
    int i = 0;
    while (i < shown.length) {
      int placeholder = text.indexOf("%s", start);
      if (placeholder == -1) {
        break;
      }
      out.append(text, start, placeholder).append(shown[i++]);
      start = placeholder + 2;
    }
    out.append(text, start, text.length());
    if (i < shown.length) {
      out.append(" [").append(shown[i++]);
      while (i < shown.length) {
        out.append(", ").append(shown[i++]);
      }
      out.append(']');
    }
    return out.toString();
  }

  private static String show(Object value) {
    if (value == null) {
      return "null";
    }
    try {
      return value.toString();
    } catch (RuntimeException e) {
      String name = value.getClass().getName() + '@' + Integer.toHexString(System.identityHashCode(value));
      return "<" + name + " threw " + e.getClass().getName() + ">";
    }
  }
}
