package org.mlengine.serving;

import java.util.regex.Pattern;

/**
 * The naming rules of a {@link ModelRegistry}, as MLflow's Model Registry has them: a model name
 * is 1 to 255 characters from {@code [A-Za-z0-9_.-]} not starting with a dot (it becomes a
 * directory name), an alias 1 to 255 characters from {@code [A-Za-z0-9_-]} (MLflow's {@code
 * ^[\w\-]*$}, here in ASCII) that is neither {@code latest} in any case nor {@code v<digits>},
 * which name the newest version and a version number. Each check throws an {@link
 * IllegalArgumentException} that names the argument and the value, says what was expected, and
 * suggests a valid name.
 */
final class RegistryNames {
  static final int MAX_NAME = 255;
  static final int MAX_TAG_KEY = 250;
  static final int MAX_TAG_VALUE = 5000;

  private static final Pattern MODEL_CHARS = Pattern.compile("[A-Za-z0-9_.\\-]+");
  private static final Pattern ALIAS_CHARS = Pattern.compile("[A-Za-z0-9_\\-]+");
  private static final Pattern VERSION_ALIAS = Pattern.compile("[vV][0-9]+");
  private static final String MODEL_RULE = "expected 1 to 255 characters from [A-Za-z0-9_.-], not starting with '.'";
  private static final String ALIAS_RULE = "expected 1 to 255 characters from [A-Za-z0-9_-], neither 'latest' nor v<digits>";

  private RegistryNames() {}

  /** Checks a model name and returns it. */
  static String model(String name) {
    if (name == null) {
      throw new IllegalArgumentException("model name is null; " + MODEL_RULE + ". Pass the model's name, e.g. 'credit'.");
    }
    String problem = name.isEmpty() ? "it is empty"
        : name.length() > MAX_NAME ? "it has " + name.length() + " characters"
        : !MODEL_CHARS.matcher(name).matches() ? "it contains " + firstOutside(name, MODEL_CHARS)
        : name.startsWith(".") ? "it starts with '.'"
        : null;
    if (problem != null) {
      throw new IllegalArgumentException("model name '" + shown(name) + "' is not valid: " + problem + "; " + MODEL_RULE
          + ". Use e.g. '" + suggestion(name, "[^A-Za-z0-9_.\\-]", "model") + "'.");
    }
    return name;
  }

  /** Checks an alias and returns it. */
  static String alias(String alias) {
    if (alias == null) {
      throw new IllegalArgumentException("alias is null; " + ALIAS_RULE + ". Pass an alias, e.g. 'production'.");
    }
    if (alias.equalsIgnoreCase("latest") || VERSION_ALIAS.matcher(alias).matches()) {
      String what = alias.equalsIgnoreCase("latest") ? "'latest' (in any case) names the newest version"
          : "v<digits> names a version number";
      throw new IllegalArgumentException("alias '" + alias + "' is reserved: " + what + "; " + ALIAS_RULE
          + ". Use another name, e.g. 'production' or 'candidate'.");
    }
    String problem = alias.isEmpty() ? "it is empty"
        : alias.length() > MAX_NAME ? "it has " + alias.length() + " characters"
        : !ALIAS_CHARS.matcher(alias).matches() ? "it contains " + firstOutside(alias, ALIAS_CHARS)
        : null;
    if (problem != null) {
      throw new IllegalArgumentException("alias '" + shown(alias) + "' is not valid: " + problem + "; " + ALIAS_RULE
          + ". Use e.g. '" + suggestion(alias, "[^A-Za-z0-9_\\-]", "production") + "'.");
    }
    return alias;
  }

  /** Checks that who or why is given ({@code what} is "by" or "reason") and returns it. */
  static String given(String value, String what) {
    if (value == null || value.isBlank()) {
      String expected = what.equals("by")
          ? "expected who does it (a person or a job), as the history records it. Pass e.g. \"ana\" or \"nightly-retrain\"."
          : "expected why, as the history records it. Pass e.g. \"weekly retrain, AUC +0.01 on holdout\".";
      throw new IllegalArgumentException(what + " is " + (value == null ? "null" : "blank") + "; " + expected);
    }
    return value;
  }

  /** Checks a tag's key and value. */
  static void tag(String key, String value) {
    if (key == null || key.isBlank() || key.length() > MAX_TAG_KEY) {
      String problem = key == null ? "null" : key.isBlank() ? "blank" : key.length() + " characters long";
      throw new IllegalArgumentException("tag key is " + problem + "; expected 1 to " + MAX_TAG_KEY
          + " characters, not all blank. Pass e.g. withTag(\"data\", \"2026-12\").");
    }
    if (value == null || value.length() > MAX_TAG_VALUE) {
      String problem = value == null ? "null" : value.length() + " characters long";
      throw new IllegalArgumentException("tag '" + key + "' has a value that is " + problem + "; expected at most "
          + MAX_TAG_VALUE + " characters. Pass a shorter value (or \"\" for none).");
    }
  }

  private static String firstOutside(String s, Pattern allowed) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      String c = new String(Character.toChars(cp));
      if (!allowed.matcher(c).matches()) {
        return "'" + c + "' at index " + i;
      }
      i += Character.charCount(cp);
    }
    return "nothing outside the allowed set";
  }

  /** The name as shown in a message: long names are cut. */
  private static String shown(String name) {
    return name.length() <= 80 ? name : name.substring(0, 77) + "...";
  }

  private static String suggestion(String name, String outside, String fallback) {
    String s = name.replaceAll(outside, "_").replaceFirst("^\\.+", "");
    if (s.length() > MAX_NAME) {
      s = s.substring(0, MAX_NAME);
    }
    return s.isEmpty() || s.matches("_+") ? fallback : shown(s);
  }
}
