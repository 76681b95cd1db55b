package org.mlengine.runtime.internal.steps;

import java.util.Locale;

/** State fields shared by the text codecs. */
final class TextStates {
  private TextStates() {}

  /** {@code "none"}, {@code "l1"} or {@code "l2"}. */
  static String norm(VectorNorm norm) {
    return norm.name().toLowerCase(Locale.ROOT);
  }

  static VectorNorm norm(String label, String tag) {
    return switch (label) {
      case "none" -> VectorNorm.NONE;
      case "l1" -> VectorNorm.L1;
      case "l2" -> VectorNorm.L2;
      default -> throw new IllegalArgumentException(
          tag + " state field 'norm' is '" + label + "'; expected 'none', 'l1' or 'l2'");
    };
  }
}
