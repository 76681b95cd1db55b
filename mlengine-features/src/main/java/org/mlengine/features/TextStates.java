package org.mlengine.features;

import java.util.Locale;

/** State fields shared by the text codecs. */
final class TextStates {
  private TextStates() {}

  /** {@code "none"}, {@code "l1"} or {@code "l2"}. */
  static String norm(Features.Norm norm) {
    return norm.name().toLowerCase(Locale.ROOT);
  }

  static Features.Norm norm(String label, String tag) {
    return switch (label) {
      case "none" -> Features.Norm.NONE;
      case "l1" -> Features.Norm.L1;
      case "l2" -> Features.Norm.L2;
      default -> throw new IllegalArgumentException(
          tag + " state field 'norm' is '" + label + "'; expected 'none', 'l1' or 'l2'");
    };
  }
}
