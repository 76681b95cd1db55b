package org.mlengine.eval;

import java.math.BigInteger;
import java.util.Locale;

/** How report cells print: the exact value (JSON, {@code data-value}) and the shown text (HTML). */
final class ReportFormat {
  private ReportFormat() {}

  /** Whether a number is a whole-number type (printed without a decimal point). */
  static boolean integral(Number n) {
    return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte || n instanceof BigInteger;
  }

  /** The exact text of a number, as the JSON twin writes it; {@code null} for NaN and infinities. */
  static String exact(Number n) {
    if (integral(n)) {
      return n.toString();
    }
    double v = n.doubleValue();
    return Double.isFinite(v) ? Double.toString(v) : null;
  }

  /** The text a reader sees: four decimals, or four significant digits for very small or large values. */
  static String shown(Number n) {
    if (integral(n)) {
      return n.toString();
    }
    double v = n.doubleValue();
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    return a == 0 || (a >= 1e-3 && a < 1e6) ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.4g", v);
  }

  /**
   * Text escaped for HTML and XML alike (element content and quoted attributes); characters that
   * neither allows (controls other than tab and line feed, lone surrogates, U+FFFE/U+FFFF) become
   * U+FFFD, and a carriage return is kept as a character reference.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        case '\r' -> out.append("&#13;");
        default -> {
          if (Character.isHighSurrogate(ch) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(ch).append(text.charAt(++i));
          } else if ((ch < 0x20 && ch != '\t' && ch != '\n') || Character.isSurrogate(ch) || ch == 0xFFFE || ch == 0xFFFF) {
            out.append('\uFFFD');
          } else {
            out.append(ch);
          }
        }
      }
    }
    return out.toString();
  }
}
