package org.mlengine.runtime.internal.steps;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.ArrayList;
import java.util.SortedSet;
import org.mlengine.runtime.internal.Immutables;

/**
 * How the text kernels split a text into tokens: the apply-time form of the fit side's
 * tokenizer, read from and written to a text step's state. Immutable; each {@code with} method
 * checks its argument and returns a changed copy.
 *
 * <pre>{@code
 * TokenizerSettings.DEFAULT.withMinLength(3).tokenize("The cat and the hat")   // [the, cat, and, the, hat]
 * }</pre>
 *
 * <p>As scikit-learn's {@code 'word'} analyzer: the text is lowercased ({@code
 * toLowerCase(Locale.ROOT)}), tokens are the matches of the token pattern (compiled with {@code
 * UNICODE_CHARACTER_CLASS}; one capturing group makes the group the token), and tokens that are
 * stop words or shorter than the minimum length in code points are dropped.
 */
public final class TokenizerSettings {
  /**
   * scikit-learn's default token pattern {@code (?u)\b\w\w+\b} in Java syntax: a run of two or
   * more letters, numbers or underscores that has none of them on either side.
   */
  public static final String DEFAULT_PATTERN = "(?<![\\p{L}\\p{N}_])[\\p{L}\\p{N}_]{2,}(?![\\p{L}\\p{N}_])";

  public static final TokenizerSettings DEFAULT = new TokenizerSettings(true, DEFAULT_PATTERN, 1, Immutables.sortedSet(List.<String>of()));

  final boolean lowercase;
  final String tokenPattern;
  final int minLength;
  final SortedSet<String> stopWords;
  /** The same words for the per-token check: a hash lookup, where the sorted set walks a tree. */
  private final Set<String> stopWordLookup;
  private final Pattern pattern;

  private TokenizerSettings(boolean lowercase, String tokenPattern, int minLength, SortedSet<String> stopWords) {
    this.lowercase = lowercase;
    this.tokenPattern = tokenPattern;
    this.minLength = minLength;
    this.stopWords = stopWords;
    this.stopWordLookup = Set.copyOf(stopWords);
    this.pattern = Pattern.compile(tokenPattern, Pattern.UNICODE_CHARACTER_CLASS);
  }

  /** Whether to lowercase the text before tokenizing (default true). */
  public TokenizerSettings withLowercase(boolean lowercase) {
    return new TokenizerSettings(lowercase, tokenPattern, minLength, stopWords);
  }

  /**
   * The regular expression a token matches (Java syntax, {@code UNICODE_CHARACTER_CLASS});
   * default {@link #DEFAULT_PATTERN}. With one capturing group, the group is the token.
   */
  public TokenizerSettings withTokenPattern(String regex) {
    if (regex == null || regex.isEmpty()) {
      throw new IllegalArgumentException("tokenPattern(" + (regex == null ? "null" : "\"\"")
          + ") matches no token; give a regular expression such as \"\\\\b\\\\w\\\\w+\\\\b\", or leave the default");
    }
    Pattern compiled;
    try {
      compiled = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("tokenPattern(\"" + regex + "\") is not a valid Java regular expression: "
          + e.getDescription() + " near index " + e.getIndex() + ". Give a pattern such as \"\\\\b\\\\w\\\\w+\\\\b\".", e);
    }
    int groups = compiled.matcher("").groupCount();
    if (groups > 1) {
      throw new IllegalArgumentException("tokenPattern(\"" + regex + "\") has " + groups + " capturing groups; the"
          + " token is the whole match or its one group, so keep at most one and write (?:...) for the others");
    }
    return new TokenizerSettings(lowercase, regex, minLength, stopWords);
  }

  /** Drops tokens shorter than this many characters (code points); default 1, which keeps every token. */
  public TokenizerSettings withMinLength(int characters) {
    if (characters < 1) {
      throw new IllegalArgumentException(
          "minLength(" + characters + ") must be at least 1 character; e.g. minLength(3) drops \"a\" and \"to\"");
    }
    return new TokenizerSettings(lowercase, tokenPattern, characters, stopWords);
  }

  /**
   * Drops these tokens (compared after lowercasing) before n-grams are formed; replaces any
   * earlier stop words. Default: none; {@link TextAnalyzer#englishStopWords()} is scikit-learn's list.
   */
  public TokenizerSettings withStopWords(Set<String> words) {
    if (words == null) {
      throw new IllegalArgumentException(
          "stopWords(null): give a set of words, e.g. Features.englishStopWords() or Set.of(), for none");
    }
    for (String w : words) {
      if (w == null || w.isEmpty()) {
        throw new IllegalArgumentException(
            "stopWords(...) holds " + (w == null ? "null" : "an empty word") + "; give each stop word as a non-empty string");
      }
    }
    return new TokenizerSettings(lowercase, tokenPattern, minLength, Immutables.sortedSet(words));
  }

  /** The tokens of a text, in order; none for {@code null}. */
  public List<String> tokenize(String text) {
    if (text == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    String prepared = preprocess(text);
    if (tokenPattern.equals(DEFAULT_PATTERN)) {
      // The default pattern matches maximal runs of two or more word code points; scanning for
      // them directly gives the same tokens as the regex, several times faster.
      int i = 0;
      int n = prepared.length();
      while (i < n) {
        int start = i;
        int codePoints = 0;
        while (i < n) {
          int cp = prepared.codePointAt(i);
          if (!isWordCodePoint(cp)) {
            break;
          }
          codePoints++;
          i += Character.charCount(cp);
        }
        if (codePoints >= 2) {
          keep(prepared.substring(start, i), codePoints, out);
        }
        if (i < n && i == start) {
          i += Character.charCount(prepared.codePointAt(i));
        }
      }
      return List.copyOf(out);
    }
    Matcher m = pattern.matcher(prepared);
    boolean group = m.groupCount() == 1;
    while (m.find()) {
      String token = group ? m.group(1) : m.group();
      if (token != null && !token.isEmpty()) {
        keep(token, token.codePointCount(0, token.length()), out);
      }
    }
    return List.copyOf(out);
  }

  private void keep(String token, int codePoints, List<String> out) {
    if (codePoints >= minLength && !stopWordLookup.contains(token)) {
      out.add(token);
    }
  }

  /** Whether a code point is in {@code [\p{L}\p{N}_]}: a letter, a number or an underscore. */
  public static boolean isWordCodePoint(int cp) {
    if (cp < 128) {
      return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
    }
    if (Character.isLetter(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
  }

  /** The text as the analyzers see it: lowercased when the tokenizer lowercases. */
  String preprocess(String text) {
    return lowercase ? text.toLowerCase(Locale.ROOT) : text;
  }

  /** Whether the text is lowercased before tokenizing. */
  public boolean lowercase() {
    return lowercase;
  }

  /** The regular expression a token matches. */
  public String tokenPattern() {
    return tokenPattern;
  }

  /** The least length of a kept token, in code points. */
  public int minLength() {
    return minLength;
  }

  /** The dropped tokens, sorted. */
  public SortedSet<String> stopWords() {
    return stopWords;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenizerSettings t
        && t.lowercase == lowercase
        && t.tokenPattern.equals(tokenPattern)
        && t.minLength == minLength
        && t.stopWords.equals(stopWords);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(lowercase, tokenPattern, minLength, stopWords);
  }

  @Override
  public String toString() {
    return "tokenizer{lowercase=" + lowercase + ", tokenPattern=" + tokenPattern + ", minLength=" + minLength
        + ", stopWords=" + stopWords.size() + " words}";
  }
}
